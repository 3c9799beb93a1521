import "server-only";
import { getDb } from "../db";

/** Login throttling, kept in the database so that every app instance sees the same counts. */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  /** Failures allowed per account in the window; the next one locks the account. */
  accountFreeFailures: 5,
  /** Failures allowed per client address in the window (an office may share one address). */
  ipFreeFailures: 30,
  baseLockMs: 60_000,
  maxLockMs: 60 * 60_000,
} as const;

export type LockState = { locked: false } | { locked: true; until: Date; scope: "account" | "ip"; failures: number };

/** Lock length after `failures` failures: 1 min at the first failure over the limit, doubling, capped. */
export function lockDurationMs(failures: number, freeFailures: number): number {
  if (failures <= freeFailures) return 0;
  return Math.min(THROTTLE.baseLockMs * 2 ** (failures - freeFailures - 1), THROTTLE.maxLockMs);
}

async function failuresSince(where: { account: string } | { ip: string }, now: Date) {
  const db = await getDb();
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  // A successful sign-in clears the account's earlier failures.
  const lastSuccess =
    "account" in where
      ? await db.loginAttempt.findFirst({
          where: { ...where, succeeded: true, createdAt: { gt: windowStart } },
          orderBy: { createdAt: "desc" },
          select: { createdAt: true },
        })
      : null;
  const since = lastSuccess && lastSuccess.createdAt > windowStart ? lastSuccess.createdAt : windowStart;
  const failures = await db.loginAttempt.aggregate({
    where: { ...where, succeeded: false, createdAt: { gt: since } },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  return { count: failures._count._all, last: failures._max.createdAt };
}

function lockFrom(scope: "account" | "ip", count: number, last: Date | null, free: number, now: Date): LockState {
  const duration = lockDurationMs(count, free);
  if (duration === 0 || !last) return { locked: false };
  const until = new Date(last.getTime() + duration);
  return until > now ? { locked: true, until, scope, failures: count } : { locked: false };
}

/** Whether a login for this account from this address is refused right now, and until when. */
export async function getLockState(account: string, ip: string, now = new Date()): Promise<LockState> {
  const byAccount = await failuresSince({ account }, now);
  const accountLock = lockFrom("account", byAccount.count, byAccount.last, THROTTLE.accountFreeFailures, now);
  if (accountLock.locked) return accountLock;
  const byIp = await failuresSince({ ip }, now);
  return lockFrom("ip", byIp.count, byIp.last, THROTTLE.ipFreeFailures, now);
}

/** Records one attempt; the throttle counts the failures. */
export async function recordLoginAttempt(account: string, ip: string, succeeded: boolean, now = new Date()): Promise<void> {
  const db = await getDb();
  await db.loginAttempt.create({ data: { account, ip, succeeded, createdAt: now } });
}
