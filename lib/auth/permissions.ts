import type { Role } from "../generated/prisma/enums";

/** The part of the actor that permission checks need. */
export type Actor = { id: number; role: Role; unitPath: string };

export const ROLE_LABELS: Record<Role, string> = {
  READER: "学员",
  UNIT_ADMIN: "单位管理员",
  SYSTEM_ADMIN: "系统管理员",
};

/** The unit path prefix an actor administers: everything for a system administrator. */
export function getAdminScope(actor: Actor): string | null {
  if (actor.role === "SYSTEM_ADMIN") return "/";
  if (actor.role === "UNIT_ADMIN") return actor.unitPath;
  return null;
}

/** Whether the actor administers the unit with this path (its own unit's subtree, or all). */
export function canAdministerUnitPath(actor: Actor, unitPath: string): boolean {
  const scope = getAdminScope(actor);
  return scope !== null && unitPath.startsWith(scope);
}

/** Roles an actor may give to accounts: only system administrators create system administrators. */
export function getAssignableRoles(actor: Actor): Role[] {
  if (actor.role === "SYSTEM_ADMIN") return ["READER", "UNIT_ADMIN", "SYSTEM_ADMIN"];
  if (actor.role === "UNIT_ADMIN") return ["READER", "UNIT_ADMIN"];
  return [];
}

/** Whether the actor may edit, disable or reset this account. */
export function canManageAccount(actor: Actor, target: { id: number; role: Role; unitPath: string }): boolean {
  if (target.id === actor.id) return false; // one's own account is changed on the account page
  if (!canAdministerUnitPath(actor, target.unitPath)) return false;
  return getAssignableRoles(actor).includes(target.role);
}
