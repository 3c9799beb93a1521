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

/**
 * Whether the actor may have authority over an account with this role in this unit: create it there,
 * edit, disable or reset it, or move or promote an account into that place. A system administrator
 * may, everywhere. A unit administrator may for readers anywhere in their subtree, and for unit
 * administrators strictly below their own unit: never for an administrator of their own unit (a peer
 * whose password they could reset and so take over the account), of a unit above, or a system
 * administrator.
 */
export function canAdministerAccountAt(actor: Actor, account: { role: Role; unitPath: string }): boolean {
  if (!canAdministerUnitPath(actor, account.unitPath)) return false;
  if (!getAssignableRoles(actor).includes(account.role)) return false;
  if (actor.role === "SYSTEM_ADMIN" || account.role === "READER") return true;
  return account.unitPath !== actor.unitPath;
}

/** Why canAdministerAccountAt refuses a role in a unit the actor administers, in the words of the forms. */
export function describeRoleRefusal(actor: Actor, role: Role): string {
  if (!getAssignableRoles(actor).includes(role)) return "您不能设置这个角色";
  return "单位管理员只能设在您所在单位的下级单位";
}

/**
 * Whether the actor may 点评 or 退回修改 a 心得 this author submitted: an administrator with authority
 * over the author's account (canAdministerAccountAt: a unit administrator for readers of their
 * subtree, a system administrator for everyone), never on their own.
 */
export function canReviewReflection(actor: Actor, author: { id: number; role: Role; unitPath: string }): boolean {
  return author.id !== actor.id && canAdministerAccountAt(actor, author);
}

/** Whether the actor may edit, disable or reset this account. */
export function canManageAccount(actor: Actor, target: { id: number; role: Role; unitPath: string }): boolean {
  if (target.id === actor.id) return false; // one's own account is changed on the account page
  return canAdministerAccountAt(actor, target);
}

/** The roles an actor's account forms offer, labelled with where a unit administrator may place them. */
export function listRoleOptions(actor: Actor): Array<{ value: Role; label: string }> {
  return getAssignableRoles(actor).map((role) => ({
    value: role,
    label: actor.role === "UNIT_ADMIN" && role === "UNIT_ADMIN" ? `${ROLE_LABELS[role]}（仅限下级单位）` : ROLE_LABELS[role],
  }));
}

/**
 * Where a user lands after signing in when they asked for no particular page: a unit administrator
 * on their unit's progress, a system administrator on the administration overview, a reader on the
 * materials. The header's 学习材料 keeps the reader view one click away for administrators.
 */
export function getLandingPath(role: Role): string {
  if (role === "SYSTEM_ADMIN") return "/admin";
  if (role === "UNIT_ADMIN") return "/admin/progress";
  return "/";
}

/**
 * The page to open after signing in: the page the user asked for (`next`, already checked to be a
 * path on this site, or "" for none), else their landing page. The home page counts as no particular
 * page: opening the portal's address sends there first.
 */
export function getPathAfterSignIn(role: Role, next: string): string {
  return next && next !== "/" ? next : getLandingPath(role);
}
