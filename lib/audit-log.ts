import "server-only";
import type { AuditAction } from "./audit";
import { ROLE_LABELS, type Actor } from "./auth/permissions";
import { formatChinaDateTime } from "./china-time";
import { getDb } from "./db";
import { ForbiddenError } from "./db-errors";

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
  "import.accounts": "批量导入",
  "assignment.create": "布置学习任务",
  "assignment.delete": "撤销学习任务",
  "reminder.send": "发送学习提醒",
  "report.export": "导出学习情况",
  "material.publish": "发布学习材料",
  "material.revise": "修订学习材料",
  "material.archive": "归档学习材料",
};

export const AUDIT_PAGE_SIZE = 50;

export type AuditDetailItem = { key: string; label: string; value: string };

export type AuditEntry = {
  id: number;
  createdAt: Date;
  action: string;
  actionLabel: string;
  actor: { account: string; name: string | null } | null;
  target: { type: string; id: string; label: string } | null;
  ip: string | null;
  details: AuditDetailItem[];
};

export type AuditLogPage = { entries: AuditEntry[]; total: number; page: number; pageCount: number };

// Keys and values below come from stored JSON: labels are looked up with Object.hasOwn, so that a
// key such as "constructor" is shown as text rather than reaching Object.prototype.
// Written entries are already redacted (lib/audit.ts); the read side checks again, in case an old
// or hand-made row slipped through.
const SECRET_KEY = /pass|token|secret|hash|cookie/i;

const UNIT_KEYS = new Set(["parentId", "unitId", "previousUnitId", "from", "to"]);
const ROOT_KEYS = new Set(["parentId", "from", "to"]);
const ROLE_KEYS = new Set(["role", "previousRole"]);

const DETAIL_LABELS: Record<string, string> = {
  code: "编码",
  parentId: "上级单位",
  role: "角色",
  previousRole: "原角色",
  unitId: "单位",
  previousUnitId: "原单位",
  from: "原上级单位",
  to: "新上级单位",
  account: "账号",
  scope: "锁定范围",
  failures: "失败次数",
  lockedUntil: "锁定至",
  created: "新建",
  updated: "更新",
  skipped: "跳过",
  total: "总数",
  rows: "行数",
  fileName: "文件名",
  revision: "修订版本",
  sections: "章节数",
  sectionsWritten: "新增或修改章节",
  sectionsRemoved: "删除章节",
  paragraphsAdded: "新增段落",
  paragraphsChanged: "修改段落",
  paragraphsRemoved: "删除段落",
};

function parseDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {};
  try {
    const value: unknown = JSON.parse(detail);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch (error) {
    console.warn("[audit] unreadable detail JSON:", (error as Error).message);
    return {};
  }
}

type Names = { users: Map<number, { account: string; name: string }>; units: Map<number, { name: string; code: string }> };

function describeValue(key: string, value: unknown, names: Names): string {
  if (value === null && ROOT_KEYS.has(key)) return "（顶级）";
  if (UNIT_KEYS.has(key) && typeof value === "number") {
    const unit = names.units.get(value);
    return unit ? `${unit.name}（${unit.code}）` : `单位 #${value}`;
  }
  if (ROLE_KEYS.has(key) && typeof value === "string" && Object.hasOwn(ROLE_LABELS, value)) return ROLE_LABELS[value as keyof typeof ROLE_LABELS];
  if (key === "scope") return value === "account" ? "账号" : value === "ip" ? "IP 地址" : String(value);
  if (key === "lockedUntil" && typeof value === "string" && !Number.isNaN(Date.parse(value))) return `${formatChinaDateTime(value, { seconds: true })}（北京时间）`;
  if (typeof value === "boolean") return value ? "是" : "否";
  if (value === null) return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function describeTarget(type: string | null, id: string | null, names: Names): AuditEntry["target"] {
  if (!type || !id) return null;
  const numeric = Number(id);
  if (type === "user") {
    const user = names.users.get(numeric);
    return { type, id, label: user ? `账号 ${user.account}（${user.name}）` : `账号 #${id}` };
  }
  if (type === "unit") {
    const unit = names.units.get(numeric);
    return { type, id, label: unit ? `单位 ${unit.name}（${unit.code}）` : `单位 #${id}` };
  }
  if (type === "import") return { type, id, label: `导入批次 ${id}` };
  return { type, id, label: `${type} #${id}` };
}

/** One page of the audit log, newest first, optionally of one action. System administrators only. */
export async function listAuditLog(actor: Actor, query: { page?: number; action?: AuditAction }): Promise<AuditLogPage> {
  if (actor.role !== "SYSTEM_ADMIN") throw new ForbiddenError("only system administrators read the audit log");
  const db = await getDb();
  const where = query.action ? { action: query.action } : {};
  const total = await db.auditLog.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  const rows = await db.auditLog.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE });

  const details = rows.map((row) => Object.entries(parseDetail(row.detail)).filter(([key]) => !SECRET_KEY.test(key)));
  const userIds = new Set<number>();
  const unitIds = new Set<number>();
  rows.forEach((row, i) => {
    if (row.actorId !== null) userIds.add(row.actorId);
    if (row.targetType === "user" && row.targetId) userIds.add(Number(row.targetId));
    if (row.targetType === "unit" && row.targetId) unitIds.add(Number(row.targetId));
    for (const [key, value] of details[i] ?? []) if (UNIT_KEYS.has(key) && typeof value === "number") unitIds.add(value);
  });
  const [users, units] = await Promise.all([
    db.user.findMany({ where: { id: { in: [...userIds].filter(Number.isInteger) } }, select: { id: true, account: true, name: true } }),
    db.unit.findMany({ where: { id: { in: [...unitIds].filter(Number.isInteger) } }, select: { id: true, name: true, code: true } }),
  ]);
  const names: Names = { users: new Map(users.map((u) => [u.id, u])), units: new Map(units.map((u) => [u.id, u])) };

  const entries = rows.map((row, i): AuditEntry => ({
    id: row.id,
    createdAt: row.createdAt,
    action: row.action,
    actionLabel: Object.hasOwn(AUDIT_ACTION_LABELS, row.action) ? AUDIT_ACTION_LABELS[row.action as AuditAction] : row.action,
    actor: row.actorAccount ? { account: row.actorAccount, name: row.actorId === null ? null : (names.users.get(row.actorId)?.name ?? null) } : null,
    target: describeTarget(row.targetType, row.targetId, names),
    ip: row.ip,
    details: (details[i] ?? []).map(([key, value]) => ({
      key,
      label: key === "name" ? (row.targetType === "user" ? "姓名" : "名称") : (Object.hasOwn(DETAIL_LABELS, key) ? DETAIL_LABELS[key]! : key),
      value: describeValue(key, value, names),
    })),
  }));
  return { entries, total, page, pageCount };
}
