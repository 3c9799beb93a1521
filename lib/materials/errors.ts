export type MaterialStoreErrorCode =
  | "forbidden"
  | "audience-outside-scope"
  | "unknown-audience"
  | "not-found"
  | "archived"
  | "duplicate-section"
  | "busy";

const MESSAGES: Record<MaterialStoreErrorCode, { message: string; englishMessage: string }> = {
  forbidden: { message: "只有系统管理员和单位管理员可以发布学习材料", englishMessage: "Only system and unit administrators may publish materials." },
  "audience-outside-scope": {
    message: "单位管理员只能为本单位及下级单位发布或修改学习材料",
    englishMessage: "A unit administrator may publish only for their own unit's subtree.",
  },
  "unknown-audience": { message: "所选的单位不存在，请重新选择阅读范围", englishMessage: "The audience unit does not exist." },
  "not-found": { message: "没有找到这份学习材料", englishMessage: "No published material with this slug." },
  archived: { message: "这份学习材料已归档，不能再修改", englishMessage: "The material is archived and cannot be revised." },
  "duplicate-section": { message: "两节使用了相同的网址名，请修改其中一节", englishMessage: "Two sections have the same slug." },
  busy: { message: "这份学习材料正被他人同时修改，请稍后重试", englishMessage: "The material kept changing under this revision; retry." },
};

/** A publish, revision or archive refused; `message` is for the administrator, `englishMessage` for logs. */
export class MaterialStoreError extends Error {
  readonly englishMessage: string;

  constructor(
    readonly code: MaterialStoreErrorCode,
    /** What it concerns (a slug, a section slug); never a user's private text. */
    detail?: string,
  ) {
    const { message, englishMessage } = MESSAGES[code];
    super(detail ? `${message}（${detail}）` : message);
    this.name = "MaterialStoreError";
    this.englishMessage = detail ? `${englishMessage} (${detail})` : englishMessage;
  }
}
