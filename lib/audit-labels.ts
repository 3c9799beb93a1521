// How the audit log reads in Chinese: every action, detail field and target, with ids resolved to
// names by lib/audit-log.ts. Stored rows are history: an action, key or value this module does not
// know (an older or newer version wrote it) is shown as it is, marked, never dropped or thrown on.
import type { AuditAction } from "./audit";
import { ROLE_LABELS } from "./auth/permissions";
import { formatChinaDateTime } from "./china-time";
import { PERSON_STATE_LABELS } from "./schemas/reports";

/** Chinese names of the audit actions, for the table and the filter. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "login.success": "登录成功",
  "login.failure": "登录失败",
  "login.lockout": "账号锁定",
  logout: "退出登录",
  "password.change": "修改密码",
  "password.reset": "重置密码",
  "user.create": "新建账号",
  "user.update": "修改账号",
  "user.disable": "停用账号",
  "user.enable": "启用账号",
  "unit.create": "新建单位",
  "unit.update": "修改单位",
  "unit.move": "移动单位",
  "import.accounts": "批量导入账号",
  "assignment.create": "布置学习任务",
  "assignment.delete": "撤销学习任务",
  "assignment.update": "修改学习任务",
  "reminder.send": "发送学习提醒",
  "report.export": "导出学习情况",
  "report.hours_export": "导出年度学时统计",
  "reflection.comment": "点评心得",
  "reflection.return": "退回心得",
  "reflection.resubmit": "重新提交心得",
  "material.publish": "发布学习材料",
  "material.revise": "修订学习材料",
  "material.archive": "归档学习材料",
  "quiz.settings.update": "修改自测设置",
  "quiz.question.create": "新增自测题",
  "quiz.question.update": "修改自测题",
  "quiz.question.delete": "删除自测题",
  "quiz.question.confirm": "确认自测题无误",
};

/** What the reader of the log needs resolved: people, units (as full paths), materials, assignments. */
export type AuditNames = {
  users: Map<number, { account: string; name: string }>;
  unitPaths: Map<number, string>;
  assignments: Map<number, { materialSlug: string; unitId: number }>;
  materialTitle: (slug: string) => string | null;
};

export type AuditDetailItem = { key: string; label: string; value: string };

type Kind = "person" | "chars" | "text" | "unit" | "parentUnit" | "role" | "material" | "day" | "moment" | "people" | "times" | "number" | "format" | "view" | "state" | "scope" | "via" | "attemptLimit";

const FIELDS: Record<string, { label: string; kind: Kind }> = {
  account: { label: "账号", kind: "text" },
  code: { label: "单位编码", kind: "text" },
  parentId: { label: "上级单位", kind: "parentUnit" },
  role: { label: "角色", kind: "role" },
  previousRole: { label: "原角色", kind: "role" },
  unitId: { label: "单位", kind: "unit" },
  previousUnitId: { label: "原单位", kind: "unit" },
  from: { label: "原上级单位", kind: "parentUnit" },
  to: { label: "新上级单位", kind: "parentUnit" },
  scope: { label: "锁定范围", kind: "scope" },
  failures: { label: "连续失败", kind: "times" },
  lockedUntil: { label: "锁定至", kind: "moment" },
  via: { label: "方式", kind: "via" },
  count: { label: "导入账号数", kind: "people" },
  units: { label: "涉及单位数", kind: "number" },
  fileName: { label: "文件名", kind: "text" },
  material: { label: "学习材料", kind: "material" },
  startDate: { label: "开始日期", kind: "day" },
  dueDate: { label: "截止日期", kind: "day" },
  maxAttempts: { label: "测试次数上限", kind: "attemptLimit" },
  previousMaxAttempts: { label: "原测试次数上限", kind: "attemptLimit" },
  requirePass: { label: "需通过测试", kind: "text" },
  previousRequirePass: { label: "原需通过测试", kind: "text" },
  day: { label: "提醒日期", kind: "day" },
  sent: { label: "已发送", kind: "people" },
  alreadyReminded: { label: "当天已提醒过（未重复发送）", kind: "people" },
  confirmed: { label: "确认时的人数", kind: "people" },
  format: { label: "文件格式", kind: "format" },
  view: { label: "导出内容", kind: "view" },
  state: { label: "人员筛选", kind: "state" },
  year: { label: "年度", kind: "number" },
  // Keys of entries written by earlier versions of the import.
  created: { label: "新建", kind: "number" },
  updated: { label: "更新", kind: "number" },
  skipped: { label: "跳过", kind: "number" },
  total: { label: "总数", kind: "number" },
  rows: { label: "行数", kind: "number" },
  // 心得 review: who wrote it and how long the comment or reason is, never the text itself.
  readerId: { label: "学员", kind: "person" },
  chars: { label: "字数", kind: "chars" },
  // Published materials: revision numbers and counts only.
  revision: { label: "修订版本", kind: "number" },
  sections: { label: "章节数", kind: "number" },
  sectionsWritten: { label: "新增或修改章节", kind: "number" },
  sectionsRemoved: { label: "删除章节", kind: "number" },
  paragraphsAdded: { label: "新增段落", kind: "number" },
  paragraphsChanged: { label: "修改段落", kind: "number" },
  paragraphsRemoved: { label: "删除段落", kind: "number" },
  // Self-tests of published materials: question ids, counts and settings, never the question text.
  question: { label: "题目编号", kind: "text" },
  passPercent: { label: "及格线（%）", kind: "number" },
  questionsPerTest: { label: "每次抽题数", kind: "number" },
  hours: { label: "学时", kind: "number" },
};

/** Every detail key the log has a Chinese label for ("name" reads 姓名 or 名称 by target). */
export const AUDIT_DETAIL_KEYS: readonly string[] = ["name", ...Object.keys(FIELDS)];

const FORMATS: Record<string, string> = { csv: "CSV", xlsx: "Excel（XLSX）" };
const VIEWS: Record<string, string> = { rollup: "下级单位汇总", people: "人员明细" };
const SCOPES: Record<string, string> = { account: "账号", ip: "IP 地址" };
const VIAS: Record<string, string> = { "create-admin command": "命令行（npm run create-admin）" };

function lookup(table: Record<string, string>, value: unknown): string | null {
  return typeof value === "string" && Object.hasOwn(table, value) ? table[value]! : null;
}

/** The action's Chinese name, or the stored name marked as unknown. */
export function getAuditActionLabel(action: string): string {
  return lookup(AUDIT_ACTION_LABELS, action) ?? `未知操作（${action}）`;
}

/** "2026-12-07" (a China calendar day as stored) as "2026年12月7日"; anything else as it is. */
function formatDay(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : value;
}

function describeUnit(id: unknown, names: AuditNames): string {
  if (typeof id !== "number") return plain(id);
  return names.unitPaths.get(id) ?? `单位 #${id}（已不存在）`;
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "是" : "否";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function describeValue(kind: Kind, value: unknown, names: AuditNames): string {
  if (typeof value === "boolean") return value ? "是" : "否";
  switch (kind) {
    case "person": {
      const user = typeof value === "number" ? names.users.get(value) : undefined;
      return user ? `${user.name}（账号 ${user.account}）` : typeof value === "number" ? `账号 #${value}（已不存在）` : plain(value);
    }
    case "chars":
      return typeof value === "number" ? `${value} 字` : plain(value);
    case "parentUnit":
      return value === null ? "（顶级单位）" : describeUnit(value, names);
    case "unit":
      return describeUnit(value, names);
    case "role":
      return lookup(ROLE_LABELS, value) ?? plain(value);
    case "material": {
      if (typeof value !== "string") return plain(value);
      const title = names.materialTitle(value);
      return title ? `《${title}》` : `${value}（材料已不存在）`;
    }
    case "day":
      return typeof value === "string" ? formatDay(value) : plain(value);
    case "moment":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? `${formatChinaDateTime(value, { seconds: true })}（北京时间）` : plain(value);
    case "people":
      return typeof value === "number" ? `${value} 人` : plain(value);
    case "times":
      return typeof value === "number" ? `${value} 次` : plain(value);
    case "format":
      return lookup(FORMATS, value) ?? plain(value);
    case "view":
      return lookup(VIEWS, value) ?? plain(value);
    case "state":
      return value === null ? "全部人员" : (lookup(PERSON_STATE_LABELS, value) ?? plain(value));
    case "scope":
      return lookup(SCOPES, value) ?? plain(value);
    case "via":
      return lookup(VIAS, value) ?? plain(value);
    case "attemptLimit":
      return value === "unlimited" ? "不限" : typeof value === "number" ? `${value} 次` : plain(value);
    default:
      return plain(value);
  }
}

/** One detail field as a Chinese label and a readable value; an unknown key keeps its name, marked. */
export function describeAuditDetail(key: string, value: unknown, context: { targetType: string | null; names: AuditNames }): AuditDetailItem {
  if (key === "name") return { key, label: context.targetType === "user" ? "姓名" : "名称", value: plain(value) };
  if (key === "account" && context.targetType !== "user") return { key, label: "输入的账号", value: plain(value) };
  const field = Object.hasOwn(FIELDS, key) ? FIELDS[key]! : null;
  if (!field) return { key, label: `${key}（未识别的字段）`, value: plain(value) };
  return { key, label: field.label, value: describeValue(field.kind, value, context.names) };
}

/** The target of an entry in words: the person, the unit's path, the assignment's material and unit. */
export function describeAuditTarget(type: string | null, id: string | null, detail: Record<string, unknown>, names: AuditNames): string | null {
  if (type === "import") return "账号批量导入";
  if (!type || !id) return null;
  const numeric = Number(id);
  if (type === "user") {
    const user = names.users.get(numeric);
    return user ? `${user.name}（账号 ${user.account}）` : `账号 #${id}（已不存在）`;
  }
  if (type === "unit") return names.unitPaths.get(numeric) ?? `单位 #${id}（已不存在）`;
  if (type === "material") return `学习材料：《${names.materialTitle(id) ?? id}》`;
  if (type === "reflection") {
    const reader = typeof detail.readerId === "number" ? names.users.get(detail.readerId) : undefined;
    return reader ? `${reader.name}的心得（#${id}）` : `心得 #${id}`;
  }
  if (type === "assignment") {
    const assignment = names.assignments.get(numeric);
    // A withdrawn assignment is gone from its table; its entry still names the material and unit.
    const slug = assignment?.materialSlug ?? (typeof detail.material === "string" ? detail.material : null);
    const unitId = assignment?.unitId ?? (typeof detail.unitId === "number" ? detail.unitId : null);
    if (!slug) return `学习任务 #${id}（已撤销）`;
    const title = names.materialTitle(slug) ?? slug;
    const unit = unitId === null ? "" : ` · ${describeUnit(unitId, names)}`;
    return `学习任务：《${title}》${unit}${assignment ? "" : "（已撤销）"}`;
  }
  return `${type} #${id}（未识别的对象）`;
}

/** The heading over the results: "全部记录", or the filter in words. */
export function describeAuditFilter(filter: { from?: string; to?: string; operator?: string; target?: string; action?: AuditAction }): string {
  const parts = [
    filter.from && filter.from === filter.to
      ? formatDay(filter.from)
      : filter.from || filter.to
        ? `${filter.from ? formatDay(filter.from) : "最早"}至${filter.to ? formatDay(filter.to) : "今天"}`
        : null,
    filter.operator ? `操作者“${filter.operator}”` : null,
    filter.target ? `对象“${filter.target}”` : null,
    filter.action ? `“${AUDIT_ACTION_LABELS[filter.action]}”` : null,
  ].filter(Boolean);
  return parts.length ? `${parts.join("，")}的记录` : "全部记录";
}
