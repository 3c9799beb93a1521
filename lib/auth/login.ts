import "server-only";
import { writeAudit } from "../audit";
import type { Role } from "../generated/prisma/enums";
import { getDb } from "../db";
import { normalizeAccount } from "./account";
import { PASSWORD_MAX, hashPassword, verifyDummyPassword, verifyPassword } from "./password";
import { createSession, invalidateUserSessions } from "./session";
import { THROTTLE, getLockState, recordLoginAttempt } from "./throttle";

export type LoginInput = { account: string; password: string; ip: string; userAgent: string };

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; mustChangePassword: boolean; user: { id: number; name: string; role: Role } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "disabled" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

/**
 * Password sign-in with throttling. Unknown accounts and wrong passwords take the same path and
 * the same time (a dummy hash is verified) and give the same answer.
 */
export async function loginWithPassword(input: LoginInput, now = new Date()): Promise<LoginResult> {
  const account = normalizeAccount(input.account).slice(0, 64);
  const lock = await getLockState(account, input.ip, now);
  if (lock.locked) {
    return { ok: false, reason: "locked", retryAfterSeconds: Math.ceil((lock.until.getTime() - now.getTime()) / 1000) };
  }
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { account },
    select: { id: true, account: true, name: true, role: true, disabled: true, mustChangePassword: true, passwordHash: true },
  });
  const password = input.password.slice(0, PASSWORD_MAX + 1);
  const valid = user && password.length <= PASSWORD_MAX ? await verifyPassword(user.passwordHash, password) : await verifyDummyPassword(password);
  if (!user || !valid) {
    await recordLoginAttempt(account, input.ip, false, now);
    await writeAudit({ action: "login.failure", targetType: user ? "user" : undefined, targetId: user?.id, ip: input.ip, detail: { account } });
    const after = await getLockState(account, input.ip, now);
    if (after.locked) {
      const minutes = Math.round((after.until.getTime() - now.getTime()) / 60_000);
      console.warn(`[auth] login locked: ${after.scope} ${after.scope === "account" ? account : input.ip} after ${after.failures} failures within ${THROTTLE.windowMs / 60_000} min, for ${minutes} min`);
      await writeAudit({ action: "login.lockout", ip: input.ip, detail: { account, scope: after.scope, failures: after.failures, lockedUntil: after.until.toISOString() } });
    }
    return { ok: false, reason: "invalid" };
  }
  if (user.disabled) return { ok: false, reason: "disabled" };
  await recordLoginAttempt(account, input.ip, true, now);
  const session = await createSession(user.id, { ip: input.ip, userAgent: input.userAgent }, now);
  await writeAudit({ action: "login.success", actor: user, targetType: "user", targetId: user.id, ip: input.ip });
  return { ok: true, ...session, mustChangePassword: user.mustChangePassword, user: { id: user.id, name: user.name, role: user.role } };
}

/**
 * Changes a user's own password after checking the current one, ends every other session of that
 * user and clears the forced-change flag.
 */
export async function changeOwnPassword(
  user: { id: number; account: string },
  input: { currentPassword: string; newPassword: string; keepSessionId: string; ip: string },
): Promise<{ ok: true } | { ok: false; reason: "wrong-current" | "same" }> {
  const db = await getDb();
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword.slice(0, PASSWORD_MAX + 1)))) {
    return { ok: false, reason: "wrong-current" };
  }
  if (input.currentPassword === input.newPassword) return { ok: false, reason: "same" };
  const passwordHash = await hashPassword(input.newPassword);
  await db.user.update({
    where: { id: user.id },
    data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() },
  });
  await invalidateUserSessions(user.id, input.keepSessionId);
  await writeAudit({ action: "password.change", actor: user, targetType: "user", targetId: user.id, ip: input.ip });
  return { ok: true };
}
