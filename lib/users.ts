import "server-only";
import type { Role } from "./generated/prisma/enums";
import { Prisma } from "./generated/prisma/client";
import { writeAudit } from "./audit";
import { generateOneTimePassword, hashPassword } from "./auth/password";
import { canAdministerAccountAt, canAdministerUnitPath, canManageAccount, describeRoleRefusal, getAdminScope, type Actor } from "./auth/permissions";
import { invalidateUserSessions } from "./auth/session";
import { forgetCachedUser } from "./auth/session-cache";
import { getDb } from "./db";
import { regateStatement } from "./quiz/completion";
import { ConflictError, ForbiddenError, NotFoundError, isUniqueViolation } from "./db-errors";
import type { CreateUserInput, UpdateUserInput } from "./schemas/user";

type AuditActor = Actor & { account: string };

export type UserRow = {
  id: number;
  account: string;
  name: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  unit: { id: number; name: string; path: string };
  createdAt: Date;
};

const userSelect = {
  id: true,
  account: true,
  name: true,
  role: true,
  disabled: true,
  mustChangePassword: true,
  createdAt: true,
  unit: { select: { id: true, name: true, path: true } },
} as const;

export const USERS_PAGE_SIZE = 50;

export type UserListQuery = { unitId?: number; q?: string; page?: number };

/** Accounts in the actor's scope, optionally within one unit's subtree or matching a search. */
export async function listUsersInScope(actor: Actor, query: UserListQuery): Promise<{ users: UserRow[]; total: number; page: number; pageCount: number }> {
  const scope = getAdminScope(actor);
  if (scope === null) throw new ForbiddenError("readers cannot list accounts");
  const db = await getDb();
  let prefix = scope;
  if (query.unitId) {
    const unit = await db.unit.findUnique({ where: { id: query.unitId }, select: { path: true } });
    if (!unit || !unit.path.startsWith(scope)) throw new NotFoundError(`unit ${query.unitId}`);
    prefix = unit.path;
  }
  const where: Prisma.UserWhereInput = { unit: { path: { startsWith: prefix } } };
  if (query.q) where.OR = [{ name: { contains: query.q } }, { account: { contains: query.q.toLowerCase() } }];
  const total = await db.user.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  const users = await db.user.findMany({ where, select: userSelect, orderBy: [{ unit: { path: "asc" } }, { account: "asc" }], skip: (page - 1) * USERS_PAGE_SIZE, take: USERS_PAGE_SIZE });
  return { users, total, page, pageCount };
}

/** One account the actor administers, or NotFoundError (also for accounts outside their scope). */
export async function getUserInScope(actor: Actor, id: number): Promise<UserRow> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id }, select: userSelect });
  if (!user || !canAdministerUnitPath(actor, user.unit.path)) throw new NotFoundError(`user ${id}`);
  return user;
}

/**
 * Checks where an account is to be (its unit and role, on create or update): the unit must be in the
 * actor's scope and the actor must be allowed authority over that role there (no peer administrators).
 */
async function requireAccountPlace(actor: Actor, place: { unitId: number; role: Role }): Promise<void> {
  const db = await getDb();
  const unit = await db.unit.findUnique({ where: { id: place.unitId }, select: { path: true } });
  if (!unit || !canAdministerUnitPath(actor, unit.path)) throw new ConflictError("unitId", "请选择您管理范围内的单位");
  if (!canAdministerAccountAt(actor, { role: place.role, unitPath: unit.path })) throw new ConflictError("role", describeRoleRefusal(actor, place.role));
}

/** Creates an account with a one-time password, which is returned once and never stored in clear. */
export async function createUser(actor: AuditActor, input: CreateUserInput, ip?: string): Promise<{ user: UserRow; oneTimePassword: string }> {
  await requireAccountPlace(actor, input);
  const oneTimePassword = generateOneTimePassword();
  const db = await getDb();
  const created = await db.user
    .create({ data: { ...input, passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true }, select: { id: true } })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, "account")) throw new ConflictError("account", "该账号已存在");
      throw error;
    });
  await writeAudit({ action: "user.create", actor, targetType: "user", targetId: created.id, ip, detail: { account: input.account, role: input.role, unitId: input.unitId } });
  return { user: await getUserInScope(actor, created.id), oneTimePassword };
}

async function getManageableUser(actor: Actor, id: number): Promise<UserRow> {
  const user = await getUserInScope(actor, id);
  if (!canManageAccount(actor, { id: user.id, role: user.role, unitPath: user.unit.path })) {
    throw new ForbiddenError("您不能修改这个账号");
  }
  return user;
}

/** Changes an account's name, unit and role within the actor's scope. */
export async function updateUser(actor: AuditActor, id: number, input: UpdateUserInput, ip?: string): Promise<UserRow> {
  const before = await getManageableUser(actor, id);
  await requireAccountPlace(actor, input);
  const db = await getDb();
  // A reader moved to another unit may come under another assignment (需通过测试): their material rows
  // are re-gated in the same transaction, after the move, so the counters follow them correctly.
  const moved = input.unitId !== before.unit.id;
  await db.$transaction([
    db.user.update({ where: { id }, data: input }),
    ...(moved ? [db.$executeRaw(regateStatement(Prisma.sql`"ReaderMaterial"."userId" = ${id}`))] : []),
  ]);
  // Their sessions carry the old name, role or unit: this process drops them at once (others hear the trigger).
  forgetCachedUser(id);
  await writeAudit({
    action: "user.update",
    actor,
    targetType: "user",
    targetId: id,
    ip,
    detail: { name: input.name, role: input.role, unitId: input.unitId, previousRole: before.role, previousUnitId: before.unit.id },
  });
  return getUserInScope(actor, id);
}

/** Disables or re-enables an account; disabling ends all of its sessions at once. */
export async function setUserDisabled(actor: AuditActor, id: number, disabled: boolean, ip?: string): Promise<void> {
  await getManageableUser(actor, id);
  const db = await getDb();
  await db.user.update({ where: { id }, data: { disabled } });
  if (disabled) await invalidateUserSessions(id);
  await writeAudit({ action: disabled ? "user.disable" : "user.enable", actor, targetType: "user", targetId: id, ip });
}

/** Gives an account a new one-time password (returned once), forces a change and ends its sessions. */
export async function resetUserPassword(actor: AuditActor, id: number, ip?: string): Promise<string> {
  await getManageableUser(actor, id);
  const oneTimePassword = generateOneTimePassword();
  const db = await getDb();
  await db.user.update({ where: { id }, data: { passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true } });
  await invalidateUserSessions(id);
  await writeAudit({ action: "password.reset", actor, targetType: "user", targetId: id, ip });
  return oneTimePassword;
}
