import "server-only";
import { randomUUID } from "node:crypto";
import { writeAudit } from "./audit";
import { canAdministerUnitPath, getAdminScope, type Actor } from "./auth/permissions";
import { getDb } from "./db";
import { regateStatement, subtreeReadersCondition } from "./quiz/completion";
import { forgetCachedSessions } from "./auth/session-cache";
import { ConflictError, ForbiddenError, NotFoundError, isUniqueViolation } from "./db-errors";
import type { UnitInput } from "./schemas/unit";

export type UnitSummary = { id: number; name: string; code: string; parentId: number | null; path: string; depth: number; userCount: number };
export type UnitNode = UnitSummary & { children: UnitNode[] };

type AuditActor = Actor & { account: string };

const unitSelect = { id: true, name: true, code: true, parentId: true, path: true, depth: true, _count: { select: { users: true } } } as const;

function toSummary(row: { id: number; name: string; code: string; parentId: number | null; path: string; depth: number; _count: { users: number } }): UnitSummary {
  const { _count, ...unit } = row;
  return { ...unit, userCount: _count.users };
}

/** Every unit the actor administers (a system administrator: all), in tree order. */
export async function listUnitsInScope(actor: Actor): Promise<UnitSummary[]> {
  const scope = getAdminScope(actor);
  if (scope === null) return [];
  const db = await getDb();
  const rows = await db.unit.findMany({ where: { path: { startsWith: scope } }, select: unitSelect, orderBy: [{ depth: "asc" }, { sortOrder: "asc" }, { id: "asc" }] });
  return rows.map(toSummary);
}

/** Arranges units into trees; units whose parent is outside the list become roots. */
export function buildUnitTree(units: UnitSummary[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** One unit the actor administers, or NotFoundError (also when it exists outside their scope). */
export async function getUnitInScope(actor: Actor, id: number): Promise<UnitSummary> {
  const db = await getDb();
  const row = await db.unit.findUnique({ where: { id }, select: unitSelect });
  if (!row || !canAdministerUnitPath(actor, row.path)) throw new NotFoundError(`unit ${id}`);
  return toSummary(row);
}

/** The chain of units from the root down to this one, for breadcrumbs and the 单位路径 column. */
export async function getUnitAncestry(path: string): Promise<Array<{ id: number; name: string }>> {
  const ids = path.split("/").filter(Boolean).map(Number);
  const db = await getDb();
  const rows = await db.unit.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is { id: number; name: string } => Boolean(r));
}

function requireSystemAdmin(actor: Actor): void {
  if (actor.role !== "SYSTEM_ADMIN") throw new ForbiddenError("only system administrators manage units");
}

function rethrowCodeConflict(error: unknown): never {
  if (isUniqueViolation(error, "code")) throw new ConflictError("code", "单位编码已被使用");
  throw error;
}

/** Creates a unit under a parent (or a new root). System administrators only. */
export async function createUnit(actor: AuditActor, input: UnitInput, ip?: string): Promise<UnitSummary> {
  requireSystemAdmin(actor);
  const db = await getDb();
  const parent = input.parentId ? await db.unit.findUnique({ where: { id: input.parentId }, select: { path: true, depth: true } }) : null;
  if (input.parentId && !parent) throw new NotFoundError(`unit ${input.parentId}`);
  const prefix = parent?.path ?? "/";
  // The path holds the unit's own id, which exists only after the insert: insert with a unique
  // placeholder inside the parent's subtree, then set the real path.
  const created = await db.unit
    .create({ data: { name: input.name, code: input.code, parentId: input.parentId ?? null, path: `${prefix}new-${randomUUID()}/`, depth: (parent?.depth ?? -1) + 1 } })
    .catch(rethrowCodeConflict);
  await db.unit.update({ where: { id: created.id }, data: { path: `${prefix}${created.id}/` } });
  await writeAudit({ action: "unit.create", actor, targetType: "unit", targetId: created.id, ip, detail: { name: input.name, code: input.code, parentId: input.parentId ?? null } });
  return getUnitInScope(actor, created.id);
}

/** Renames, re-codes and/or moves a unit. A unit never moves into its own subtree. */
export async function updateUnit(actor: AuditActor, id: number, input: UnitInput, ip?: string): Promise<UnitSummary> {
  requireSystemAdmin(actor);
  const db = await getDb();
  const unit = await getUnitInScope(actor, id);
  const newParentId = input.parentId ?? null;
  const moving = newParentId !== unit.parentId;
  // Everything is checked before anything is written, so a refused move changes nothing at all.
  const parent = newParentId === null ? null : await db.unit.findUnique({ where: { id: newParentId }, select: { path: true, depth: true } });
  if (newParentId !== null && !parent) throw new NotFoundError(`unit ${newParentId}`);
  if (moving && parent && parent.path.startsWith(unit.path)) throw new ConflictError("parentId", "不能把单位移到它自己或它的下级单位之下");
  const rename = db.unit.update({ where: { id }, data: { name: input.name, code: input.code } });
  if (moving) {
    const newPath = `${parent?.path ?? "/"}${id}/`;
    const depthDelta = (parent ? parent.depth + 1 : 0) - unit.depth;
    // One batch: name, code, the subtree's paths and depths and the parent change together or not at all.
    await db
      .$transaction([
        rename,
        db.$executeRaw`UPDATE "Unit" SET "path" = ${newPath} || substr("path", ${unit.path.length + 1}), "depth" = "depth" + ${depthDelta}, "updatedAt" = CURRENT_TIMESTAMP WHERE "path" LIKE ${unit.path + "%"}`,
        db.unit.update({ where: { id }, data: { parentId: newParentId } }),
        // Its readers may now come under another assignment (需通过测试): re-gated after the move.
        db.$executeRaw(regateStatement(subtreeReadersCondition(newPath))),
      ])
      .catch(rethrowCodeConflict);
    // The subtree's readers have new unit paths: this process drops its kept sessions at once (others hear the trigger).
    forgetCachedSessions();
    await writeAudit({ action: "unit.move", actor, targetType: "unit", targetId: id, ip, detail: { from: unit.parentId, to: newParentId } });
  } else {
    await rename.catch(rethrowCodeConflict);
  }
  if (input.name !== unit.name || input.code !== unit.code) {
    await writeAudit({ action: "unit.update", actor, targetType: "unit", targetId: id, ip, detail: { name: input.name, code: input.code } });
  }
  return getUnitInScope(actor, id);
}
