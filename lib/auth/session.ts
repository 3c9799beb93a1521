import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Role } from "../generated/prisma/client";
import { getDb } from "../db";
import { getEnv } from "../env";
import { Prisma } from "../generated/prisma/client";
import { executeStatement, queryRows } from "../sql";
import { forgetCachedSession, forgetCachedUser, getSessionMemo } from "./session-cache";

/** What the app knows about the signed-in user: never a secret column. */
export type SessionUser = {
  id: number;
  account: string;
  name: string;
  role: Role;
  unitId: number;
  /** The unit's materialized path ("/1/4/"), which bounds what a unit administrator administers. */
  unitPath: string;
  mustChangePassword: boolean;
};

export type ValidSession = { sessionId: string; expiresAt: Date; user: SessionUser };

// Raw rows: the driver returns dates as text or Date, integers as number or bigint, booleans as 0/1.
type SessionRow = {
  expiresAt: Date | string;
  lastSeenAt: Date | string;
  id: number | bigint;
  account: string;
  name: string;
  role: Role;
  unitId: number | bigint;
  disabled: boolean | number | bigint;
  mustChangePassword: boolean | number | bigint;
  unitPath: string;
};

export const SESSION_COOKIE = "xxyd_session";

/**
 * The session token in a raw Cookie header, read as Next's `cookies()` reads it (split at "; ",
 * URI-decoded, the last of repeated names wins), for the portal server's lean routes, which see
 * Node's request and not Next's.
 */
export function readSessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  let token: string | undefined;
  for (const pair of cookieHeader.split(/; */)) {
    const splitAt = pair.indexOf("=");
    if (splitAt === -1 || pair.slice(0, splitAt) !== SESSION_COOKIE) continue;
    try {
      token = decodeURIComponent(pair.slice(splitAt + 1));
    } catch {
      // As Next: a value that is not valid URI encoding is skipped.
    }
  }
  return token;
}
/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Idle timeout and absolute lifetime in milliseconds, from the environment. */
export function getSessionLimits(): { idleMs: number; absoluteMs: number } {
  const env = getEnv();
  return { idleMs: env.SESSION_IDLE_TIMEOUT_HOURS * 3_600_000, absoluteMs: env.SESSION_ABSOLUTE_LIFETIME_DAYS * 86_400_000 };
}

/** The database id of a session: the SHA-256 of its token, so a leaked table yields no usable cookie. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a session for a user and returns the token for the cookie (192 random bits). */
export async function createSession(
  userId: number,
  meta: { ip?: string; userAgent?: string },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + getSessionLimits().absoluteMs);
  const db = await getDb();
  await db.session.create({
    data: {
      id: hashSessionToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: meta.ip?.slice(0, 64),
      userAgent: meta.userAgent?.slice(0, 300),
    },
  });
  return { token, expiresAt };
}

/** Options of a session lookup. */
export type SessionLookupOptions = {
  /**
   * May be answered from this process's session cache (lib/auth/session-cache.ts), live only while
   * the process learns of every change to sessions, users and units (lib/auth/session-listener.ts).
   * For the lean path's reading pages and beats; other callers read the database every time.
   */
  cached?: boolean;
};

/**
 * Resolves a cookie token to its session and user, or null when the token is unknown, the session
 * has been idle too long or passed its absolute lifetime, or the account is disabled. Ended sessions
 * are deleted on sight.
 */
export async function validateSessionToken(token: string, now = new Date(), options: SessionLookupOptions = {}): Promise<ValidSession | null> {
  if (token.length === 0 || token.length > 100) return null;
  const id = hashSessionToken(token);
  const { idleMs } = getSessionLimits();
  const memo = options.cached ? getSessionMemo() : undefined;
  const kept = memo?.get(id, now.getTime(), idleMs);
  if (kept) {
    if (now.getTime() - kept.lastSeenAtMs >= TOUCH_INTERVAL_MS) {
      await touchSession(id, now);
      kept.lastSeenAtMs = now.getTime();
    }
    return { sessionId: id, expiresAt: new Date(kept.expiresAtMs), user: kept.user };
  }
  const generation = memo?.generation ?? 0;
  // Runs in front of every reading page (proxy.ts) and every beat: one prepared statement (lib/sql.ts).
  const rows = await queryRows<SessionRow>(Prisma.sql`
    SELECT s."expiresAt", s."lastSeenAt", u."id", u."account", u."name", u."role", u."unitId", u."disabled",
           u."mustChangePassword", un."path" AS "unitPath"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" JOIN "Unit" un ON un."id" = u."unitId"
    WHERE s."id" = ${id}`, { prepared: true });
  const row = rows[0];
  if (!row) return null;
  const expiresAt = new Date(row.expiresAt);
  let lastSeenAt = new Date(row.lastSeenAt).getTime();
  const idleFor = now.getTime() - lastSeenAt;
  if (now >= expiresAt || idleFor >= idleMs || Boolean(row.disabled)) {
    await executeStatement(Prisma.sql`DELETE FROM "Session" WHERE "id" = ${id}`);
    return null;
  }
  if (idleFor >= TOUCH_INTERVAL_MS) {
    await touchSession(id, now);
    lastSeenAt = now.getTime();
  }
  const user: SessionUser = {
    id: Number(row.id),
    account: row.account,
    name: row.name,
    role: row.role,
    unitId: Number(row.unitId),
    unitPath: row.unitPath,
    mustChangePassword: Boolean(row.mustChangePassword),
  };
  memo?.remember(id, { user, expiresAtMs: expiresAt.getTime(), lastSeenAtMs: lastSeenAt, cachedAtMs: now.getTime() }, generation);
  return { sessionId: id, expiresAt, user };
}

/** Records a use of the session, so its idle timeout counts from now. */
async function touchSession(id: string, now: Date): Promise<void> {
  await executeStatement(Prisma.sql`UPDATE "Session" SET "lastSeenAt" = ${now} WHERE "id" = ${id}`, { prepared: true });
}

/** Ends one session (logout). */
export async function invalidateSession(sessionId: string): Promise<void> {
  const db = await getDb();
  await db.session.deleteMany({ where: { id: sessionId } });
  forgetCachedSession(sessionId);
}

/** Ends every session of a user (password change, disabled account), optionally keeping one. */
export async function invalidateUserSessions(userId: number, exceptSessionId?: string): Promise<number> {
  const db = await getDb();
  const { count } = await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  // The kept session, if any, is dropped too: it may carry what the caller just changed (a password to change).
  forgetCachedUser(userId);
  return count;
}
