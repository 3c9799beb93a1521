import "server-only";
import { canAdministerUnitPath, type Actor } from "../auth/permissions";
import { Prisma } from "../generated/prisma/client";
import { queryRows } from "../sql";

export type ReportUnit = { id: number; name: string; code: string; path: string; depth: number; parentId: number | null };

/**
 * Units whose path starts with `path`, as a range on the unique path index: paths hold digits and
 * "/", and "0" sorts right after "/", so "/1/4/" ≤ p < "/1/40" is exactly the subtree of "/1/4/".
 */
export function subtreeCondition(column: Prisma.Sql, path: string): Prisma.Sql {
  return Prisma.sql`${column} >= ${path} AND ${column} < ${`${path.slice(0, -1)}0`}`;
}

/**
 * Units on the way from the root down to `path` (its ancestors and itself): those whose path is a
 * prefix of it. `path` is bound as text so that both databases compare it as a string.
 */
export function ancestorOrSelfCondition(column: Prisma.Sql, path: string): Prisma.Sql {
  return Prisma.sql`substr(CAST(${path} AS TEXT), 1, length(${column})) = ${column}`;
}

/** The unit if the actor may see its reports (their own subtree; all for a system administrator), else null. */
export async function getReportUnit(actor: Actor, unitId: number): Promise<ReportUnit | null> {
  const rows = await queryRows<ReportUnit>(
    Prisma.sql`SELECT "id", "name", "code", "path", "depth", "parentId" FROM "Unit" WHERE "id" = ${unitId}`,
    { prepared: true },
  );
  const unit = rows[0];
  return unit && canAdministerUnitPath(actor, unit.path) ? unit : null;
}

/** The actor's own unit (a system administrator's is usually the root), the default report unit. */
export async function getDefaultReportUnitId(actor: Actor): Promise<number | null> {
  const ids = actor.unitPath.split("/").filter(Boolean).map(Number);
  if (actor.role === "SYSTEM_ADMIN") return ids[0] ?? null;
  return actor.role === "UNIT_ADMIN" ? (ids.at(-1) ?? null) : null;
}

/** Breadcrumbs from the highest unit the actor may see down to this one. */
export async function getReportBreadcrumbs(actor: Actor, unit: ReportUnit): Promise<Array<{ id: number; name: string }>> {
  const ids = unit.path.split("/").filter(Boolean).map(Number);
  const rows = await queryRows<{ id: number; name: string; path: string }>(
    Prisma.sql`SELECT "id", "name", "path" FROM "Unit" WHERE "id" IN (${Prisma.join(ids)})`,
    // One text per depth of the tree: few enough to keep prepared.
    { prepared: true },
  );
  return ids
    .map((id) => rows.find((row) => row.id === id))
    .filter((row): row is { id: number; name: string; path: string } => row !== undefined && canAdministerUnitPath(actor, row.path))
    .map(({ id, name }) => ({ id, name }));
}
