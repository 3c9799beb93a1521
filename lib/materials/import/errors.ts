import { MAX_PARAGRAPHS_PER_SECTION, MAX_SECTIONS } from "./limits";

export type ImportErrorCode =
  | "empty-file"
  | "file-too-large"
  | "text-too-large"
  | "unsupported-type"
  | "unknown-encoding"
  | "docx-corrupt"
  | "docx-encrypted"
  | "docx-legacy"
  | "docx-not-word"
  | "docx-inflates-too-much"
  | "no-sections"
  | "too-many-sections"
  | "section-too-long"
  | "invalid-slug"
  | "slug-exists"
  | "invalid-title"
  | "invalid-description";

const MESSAGES: Record<ImportErrorCode, { message: string; englishMessage: string }> = {
  "empty-file": { message: "文件是空的，没有可导入的内容", englishMessage: "The file is empty." },
  "file-too-large": { message: "文件过大（Word 文件不超过 20 MB，文本文件不超过 2 MB）", englishMessage: "The file is too large (Word files up to 20 MB, text files up to 2 MB)." },
  "text-too-large": { message: "文字内容过多（不超过 100 万字），请拆分为几份学习材料后分别导入", englishMessage: "The text is too long (at most 1,000,000 characters); split it into several materials." },
  "unsupported-type": { message: "只能导入 Word（.docx）、文本（.txt）或 Markdown（.md）文件", englishMessage: "Only .docx, .txt and .md files can be imported." },
  "unknown-encoding": { message: "无法识别文件的文字编码，请另存为 UTF-8 编码的文本文件后重试", englishMessage: "The text encoding is not recognised (UTF-8, UTF-16 with BOM, or GBK/GB18030 are read); save the file as UTF-8 and retry." },
  "docx-corrupt": { message: "无法读取该 Word 文件，请确认文件没有损坏，或在 Word 中另存为 .docx 后重试", englishMessage: "The .docx file cannot be read (damaged or not a .docx)." },
  "docx-encrypted": { message: "该 Word 文件设置了打开密码，请在 Word 中取消密码后重试", englishMessage: "The .docx file is password-protected; remove the password in Word and retry." },
  "docx-legacy": { message: "这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后重试", englishMessage: "This is a legacy Word .doc file; save it as .docx in Word and retry." },
  "docx-not-word": { message: "该文件不是 Word 文档（可能是改了扩展名的其他文件），请上传 .docx 格式的 Word 文件", englishMessage: "The file is a ZIP archive but not a Word document." },
  "docx-inflates-too-much": { message: "该 Word 文件解压后过大（超过 100 MB），无法导入", englishMessage: "The .docx file inflates to more than 100 MB; refused as a possible zip bomb." },
  "no-sections": { message: "文件中没有可导入的正文", englishMessage: "The file contains no text to import (0 sections)." },
  "too-many-sections": { message: `章节过多（超过 ${MAX_SECTIONS} 节），请检查章节划分或拆分为几份材料`, englishMessage: `More than ${MAX_SECTIONS} sections; check the structure or split the material.` },
  "section-too-long": { message: `有一节超过 ${MAX_PARAGRAPHS_PER_SECTION} 段，请在预览中拆分该节后再发布`, englishMessage: `A section has more than ${MAX_PARAGRAPHS_PER_SECTION} paragraphs; split it.` },
  "invalid-slug": { message: "网址名只能由小写字母、数字和连字符组成，例如 party-rules-2024", englishMessage: "The slug must be lower-case letters, digits and hyphens, e.g. party-rules-2024." },
  "slug-exists": { message: "已有使用该网址名的学习材料，请换一个", englishMessage: "A material with this slug already exists." },
  "invalid-title": { message: "标题不能为空，且不超过 200 字", englishMessage: "The title must be 1 to 200 characters." },
  "invalid-description": { message: "简介不能超过 1000 字", englishMessage: "The description must be at most 1,000 characters." },
};

/** An import refused for a reason the person importing can fix; `message` is for them, `englishMessage` for logs and the CLI. */
export class MaterialImportError extends Error {
  readonly englishMessage: string;

  constructor(
    readonly code: ImportErrorCode,
    /** What it concerns (a section title, a slug), appended to both messages; never a user's private text. */
    detail?: string,
  ) {
    const { message, englishMessage } = MESSAGES[code];
    super(detail ? `${message}（${detail}）` : message);
    this.name = "MaterialImportError";
    this.englishMessage = detail ? `${englishMessage} (${detail})` : englishMessage;
  }
}
