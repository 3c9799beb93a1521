import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function setup(account: string) {
  const { getDb } = await import("@/lib/db");
  const db = await getDb();
  const unit = await insertUnit(db, `单位-${account}`, `U-${account}`);
  const user = await insertUser(db, { account, unitId: unit.id });
  return { db, user };
}

describe("sessions", () => {
  it("stores only the SHA-256 of a 192-bit token, never the token", async () => {
    const { createSession } = await import("@/lib/auth/session");
    const { db, user } = await setup("s-hash");
    const { token } = await createSession(user.id, {});
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    const rows = await db.session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("gives each login a new random token", async () => {
    const { createSession } = await import("@/lib/auth/session");
    const { user } = await setup("s-new");
    const a = await createSession(user.id, {});
    const b = await createSession(user.id, {});
    expect(a.token).not.toBe(b.token);
  });

  it("ends after 8 idle hours by default, and stays alive while used", async () => {
    const { createSession, validateSessionToken } = await import("@/lib/auth/session");
    const { db, user } = await setup("s-idle");
    const start = new Date("2026-03-01T08:00:00Z");
    const { token } = await createSession(user.id, {}, start);
    const used = new Date(start.getTime() + 7 * HOUR);
    expect((await validateSessionToken(token, used))?.user.id).toBe(user.id);
    // 7 h after the last use it is still valid; 8 h after, it is gone.
    expect(await validateSessionToken(token, new Date(used.getTime() + 7 * HOUR))).not.toBeNull();
    const lastUse = new Date(used.getTime() + 7 * HOUR);
    expect(await validateSessionToken(token, new Date(lastUse.getTime() + 8 * HOUR))).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("ends 7 days after sign-in however active", async () => {
    const { createSession, validateSessionToken } = await import("@/lib/auth/session");
    const { user } = await setup("s-abs");
    const start = new Date("2026-03-01T08:00:00Z");
    const { token, expiresAt } = await createSession(user.id, {}, start);
    expect(expiresAt.getTime() - start.getTime()).toBe(7 * DAY);
    for (let t = 6 * HOUR; t < 7 * DAY; t += 6 * HOUR) {
      expect(await validateSessionToken(token, new Date(start.getTime() + t))).not.toBeNull();
    }
    expect(await validateSessionToken(token, new Date(start.getTime() + 7 * DAY))).toBeNull();
  });

  it("rejects unknown and malformed tokens", async () => {
    const { validateSessionToken } = await import("@/lib/auth/session");
    expect(await validateSessionToken("not-a-token")).toBeNull();
    expect(await validateSessionToken("")).toBeNull();
    expect(await validateSessionToken("x".repeat(5000))).toBeNull();
  });

  it("ends a disabled user's sessions at the next request", async () => {
    const { createSession, validateSessionToken } = await import("@/lib/auth/session");
    const { db, user } = await setup("s-disabled");
    const { token } = await createSession(user.id, {});
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await validateSessionToken(token)).toBeNull();
  });

  it("revokes one session at logout and all others at a password change", async () => {
    const { createSession, invalidateSession, invalidateUserSessions, validateSessionToken, hashSessionToken } = await import("@/lib/auth/session");
    const { user } = await setup("s-revoke");
    const a = await createSession(user.id, {});
    const b = await createSession(user.id, {});
    const c = await createSession(user.id, {});
    await invalidateSession(hashSessionToken(a.token));
    expect(await validateSessionToken(a.token)).toBeNull();
    expect(await validateSessionToken(b.token)).not.toBeNull();
    expect(await invalidateUserSessions(user.id, hashSessionToken(c.token))).toBe(1);
    expect(await validateSessionToken(b.token)).toBeNull();
    expect(await validateSessionToken(c.token)).not.toBeNull();
  });
});
