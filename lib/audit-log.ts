import "server-only";
import { describeAuditDetail, describeAuditTarget, getAuditActionLabel, type AuditDetailItem, type AuditNames } from "./audit-labels";
import type { Actor } from "./auth/permissions";
import { getMaterial } from "./content";
import { getDb } from "./db";
import { ForbiddenError } from "./db-errors";
import type { AuditFilter } from "./schemas/audit";

export const AUDIT_PAGE_SIZE = 50;
/** How many accounts a 操作者 or 对象账号 filter may stand for (people sharing a name). */
const MAX_MATCHED_ACCOUNTS = 50;

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

export type AuditLogPage = {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageCount: number;
  /** A 操作者 or 对象账号 filter that names no account: said so, rather than "no records". */
  unmatched: Array<"operator" | "target">;
};

// Written entries are already redacted (lib/audit.ts); the read side checks again, in case an old
// or hand-made row slipped through.
const SECRET_KEY = /pass|token|secret|hash|cookie/i;

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

/** The start of a China calendar day (UTC+8, no daylight saving) as a moment. */
function chinaDayStart(day: string, plusDays = 0): Date {
  const start = new Date(`${day}T00:00:00+08:00`);
  return new Date(start.getTime() + plusDays * 86_400_000);
}

/** Accounts whose account name or full name is exactly the text (case as typed). */
async function findAccounts(text: string): Promise<Array<{ id: number; account: string }>> {
  const db = await getDb();
  return db.user.findMany({ where: { OR: [{ account: text }, { name: text }] }, select: { id: true, account: true }, take: MAX_MATCHED_ACCOUNTS, orderBy: { id: "asc" } });
}

const UNIT_KEYS = new Set(["parentId", "unitId", "previousUnitId", "from", "to"]);

/** Resolves the people, units (with their ancestors, for full paths) and assignments a page names. */
async function resolveNames(rows: Array<{ actorId: number | null; targetType: string | null; targetId: string | null }>, details: Array<Array<[string, unknown]>>): Promise<AuditNames> {
  const db = await getDb();
  const userIds = new Set<number>();
  const unitIds = new Set<number>();
  const assignmentIds = new Set<number>();
  rows.forEach((row, i) => {
    if (row.actorId !== null) userIds.add(row.actorId);
    const target = Number(row.targetId);
    if (row.targetType === "user") userIds.add(target);
    if (row.targetType === "unit") unitIds.add(target);
    if (row.targetType === "assignment") assignmentIds.add(target);
    for (const [key, value] of details[i] ?? []) {
      if (UNIT_KEYS.has(key) && typeof value === "number") unitIds.add(value);
      if (key === "readerId" && typeof value === "number") userIds.add(value);
    }
  });
  const ids = (set: Set<number>) => [...set].filter((id) => Number.isSafeInteger(id) && id > 0);
  const [users, assignments] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids(userIds) } }, select: { id: true, account: true, name: true } }),
    db.assignment.findMany({ where: { id: { in: ids(assignmentIds) } }, select: { id: true, materialSlug: true, unitId: true } }),
  ]);
  for (const a of assignments) unitIds.add(a.unitId);
  const units = await db.unit.findMany({ where: { id: { in: ids(unitIds) } }, select: { id: true, path: true } });
  // A unit's path is "/1/4/9/": its ancestors' ids, so one more query gives every name on the way.
  const pathIds = new Set(units.flatMap((u) => u.path.split("/").filter(Boolean).map(Number)));
  const named = await db.unit.findMany({ where: { id: { in: ids(pathIds) } }, select: { id: true, name: true } });
  const nameOf = new Map(named.map((u) => [u.id, u.name]));
  const unitPaths = new Map(
    units.map((u) => [
      u.id,
      u.path
        .split("/")
        .filter(Boolean)
        .map((id) => nameOf.get(Number(id)) ?? `#${id}`)
        .join(" / "),
    ]),
  );
  return {
    users: new Map(users.map((u) => [u.id, u])),
    unitPaths,
    assignments: new Map(assignments.map((a) => [a.id, a])),
    materialTitle: (slug) => getMaterial(slug)?.title ?? null,
  };
}

/**
 * One page of the audit log, newest first, filtered by China-time dates, operator, target account and
 * action. System administrators only. Each filter runs on an index (createdAt; action, actorAccount or
 * targetType+targetId with createdAt), so a large log pages as fast as a small one.
 */
export async function listAuditLog(actor: Actor, filter: AuditFilter): Promise<AuditLogPage> {
  if (actor.role !== "SYSTEM_ADMIN") throw new ForbiddenError("only system administrators read the audit log");
  const db = await getDb();
  const unmatched: AuditLogPage["unmatched"] = [];
  const [operators, targets] = await Promise.all([filter.operator ? findAccounts(filter.operator) : null, filter.target ? findAccounts(filter.target) : null]);
  const where = {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from || filter.to
      ? { createdAt: { ...(filter.from ? { gte: chinaDayStart(filter.from) } : {}), ...(filter.to ? { lt: chinaDayStart(filter.to, 1) } : {}) } }
      : {}),
    // Entries keep the operator's account as it was; one that no longer exists is still found by it.
    ...(filter.operator ? { actorAccount: { in: [...new Set([filter.operator, ...(operators ?? []).map((u) => u.account)])] } } : {}),
    ...(targets ? { targetType: "user", targetId: { in: targets.map((u) => String(u.id)) } } : {}),
  };
  const total = await db.auditLog.count({ where });
  if (operators?.length === 0 && total === 0) unmatched.push("operator");
  if (targets?.length === 0) unmatched.push("target");
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pageCount);
  const rows = await db.auditLog.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE });

  const parsed = rows.map((row) => parseDetail(row.detail));
  const details = parsed.map((detail) => Object.entries(detail).filter(([key]) => !SECRET_KEY.test(key)));
  const names = await resolveNames(rows, details);

  const entries = rows.map((row, i): AuditEntry => {
    const label = describeAuditTarget(row.targetType, row.targetId, parsed[i] ?? {}, names);
    return {
      id: row.id,
      createdAt: row.createdAt,
      action: row.action,
      actionLabel: getAuditActionLabel(row.action),
      actor: row.actorAccount ? { account: row.actorAccount, name: row.actorId === null ? null : (names.users.get(row.actorId)?.name ?? null) } : null,
      target: label ? { type: row.targetType ?? "", id: row.targetId ?? "", label } : null,
      ip: row.ip,
      details: (details[i] ?? []).map(([key, value]) => describeAuditDetail(key, value, { targetType: row.targetType, names })),
    };
  });
  return { entries, total, page, pageCount, unmatched };
}
