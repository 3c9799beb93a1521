import "server-only";
import { getAdminScope, type Actor } from "./auth/permissions";
import { getDb } from "./db";
import { ForbiddenError } from "./db-errors";

export type AdminOverview = {
  unitCount: number;
  userCount: number;
  disabledCount: number;
  pendingPasswordCount: number;
  adminCount: number;
};

/** Counts of the units and accounts the actor administers, for the /admin overview. */
export async function getAdminOverview(actor: Actor): Promise<AdminOverview> {
  const scope = getAdminScope(actor);
  if (scope === null) throw new ForbiddenError("readers have no administration overview");
  const db = await getDb();
  const inScope = { unit: { path: { startsWith: scope } } };
  const [unitCount, userCount, disabledCount, pendingPasswordCount, adminCount] = await Promise.all([
    db.unit.count({ where: { path: { startsWith: scope } } }),
    db.user.count({ where: inScope }),
    db.user.count({ where: { ...inScope, disabled: true } }),
    db.user.count({ where: { ...inScope, disabled: false, mustChangePassword: true } }),
    db.user.count({ where: { ...inScope, role: { in: ["UNIT_ADMIN", "SYSTEM_ADMIN"] } } }),
  ]);
  return { unitCount, userCount, disabledCount, pendingPasswordCount, adminCount };
}
