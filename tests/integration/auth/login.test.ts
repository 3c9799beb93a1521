import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

const MINUTE = 60_000;
const PASSWORD = "correct-horse-1";

async function setup(account: string, extra: { disabled?: boolean } = {}) {
  const { getDb } = await import("@/lib/db");
  const db = await getDb();
  const unit = await insertUnit(db, `单位-${account}`, `U-${account}`);
  const user = await insertUser(db, { account, unitId: unit.id, password: PASSWORD, ...extra });
  return { db, user };
}

async function login(account: string, password: string, now: Date, ip = "10.0.0.1") {
  const { loginWithPassword } = await import("@/lib/auth/login");
  return loginWithPassword({ account, password, ip, userAgent: "vitest" }, now);
}

describe("password login", () => {
  it("stores argon2id hashes with at least OWASP's parameters", async () => {
    const { db, user } = await setup("hash-check");
    const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(row?.passwordHash ?? "");
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(19456);
    expect(Number(match?.[2])).toBeGreaterThanOrEqual(2);
    expect(Number(match?.[3])).toBe(1);
  });

  it("hides the password hash from queries that do not ask for it", async () => {
    const { db, user } = await setup("omit-check");
    const row = await db.user.findUnique({ where: { id: user.id } });
    expect(row).not.toHaveProperty("passwordHash");
  });

  it("signs in with the right password, case- and width-insensitively on the account", async () => {
    await setup("zhang.san");
    const result = await login("  ＺＨＡＮＧ.san ", PASSWORD, new Date());
    expect(result.ok).toBe(true);
  });

  it("answers an unknown account exactly like a wrong password, in similar time", async () => {
    await setup("timing");
    const now = new Date("2026-04-01T08:00:00Z");
    const time = async (account: string) => {
      const started = performance.now();
      const result = await login(account, "wrong-password", now, `10.1.0.${account.length}`);
      return { result, ms: performance.now() - started };
    };
    await time("timing"); // warm the dummy hash
    const wrong = [];
    const unknown = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time("timing"));
      unknown.push(await time(`nobody-${i}`));
    }
    expect(new Set([...wrong, ...unknown].map((r) => JSON.stringify(r.result)))).toEqual(new Set([JSON.stringify({ ok: false, reason: "invalid" })]));
    const mean = (xs: Array<{ ms: number }>) => xs.reduce((s, x) => s + x.ms, 0) / xs.length;
    // Both verify an argon2id hash; skipping it for unknown accounts would make them ~20x faster.
    expect(mean(unknown) / mean(wrong)).toBeGreaterThan(0.3);
  });

  it("locks an account from the 6th failure within 15 minutes, for a growing time, and logs it", async () => {
    const { db } = await setup("victim");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t0 = new Date("2026-04-02T08:00:00Z").getTime();
    for (let i = 0; i < 5; i++) expect((await login("victim", "nope", new Date(t0 + i * 1000))).ok).toBe(false);
    expect(warn).not.toHaveBeenCalled();
    // 6th failure: locked for 1 minute, even for the right password.
    expect(await login("victim", "nope", new Date(t0 + 6000))).toEqual({ ok: false, reason: "invalid" });
    expect(warn).toHaveBeenCalledTimes(1);
    const locked = await login("victim", PASSWORD, new Date(t0 + 30_000));
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    // After the minute: a 7th failure locks for 2 minutes.
    expect((await login("victim", "nope", new Date(t0 + 6000 + MINUTE))).ok).toBe(false);
    expect(await login("victim", PASSWORD, new Date(t0 + 6000 + MINUTE + 90_000))).toMatchObject({ ok: false, reason: "locked" });
    expect((await login("victim", PASSWORD, new Date(t0 + 6000 + 3 * MINUTE + 1000))).ok).toBe(true);
    const lockouts = await db.auditLog.findMany({ where: { action: "login.lockout" } });
    expect(lockouts.length).toBe(2);
    expect(lockouts.every((entry) => !(entry.detail ?? "").includes("nope"))).toBe(true);
    warn.mockRestore();
  });

  it("locks unknown accounts the same way, so a lock reveals nothing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t0 = new Date("2026-04-03T08:00:00Z").getTime();
    for (let i = 0; i < 6; i++) await login("ghost", "nope", new Date(t0 + i * 1000), "10.2.0.1");
    expect(await login("ghost", "nope", new Date(t0 + 10_000), "10.2.0.1")).toMatchObject({ ok: false, reason: "locked" });
    warn.mockRestore();
  });

  it("forgets failures older than 15 minutes", async () => {
    await setup("forgetful");
    const t0 = new Date("2026-04-04T08:00:00Z").getTime();
    for (let i = 0; i < 5; i++) await login("forgetful", "nope", new Date(t0 + i * 1000));
    expect((await login("forgetful", "nope", new Date(t0 + 16 * MINUTE))).ok).toBe(false);
    expect((await login("forgetful", PASSWORD, new Date(t0 + 16 * MINUTE + 1000))).ok).toBe(true);
  });

  it("throttles one address trying many accounts", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await setup("bystander");
    const t0 = new Date("2026-04-05T08:00:00Z").getTime();
    for (let i = 0; i < 31; i++) await login(`spray-${i}`, "nope", new Date(t0 + i * 100), "10.9.9.9");
    expect(await login("bystander", PASSWORD, new Date(t0 + 5000), "10.9.9.9")).toMatchObject({ ok: false, reason: "locked" });
    expect((await login("bystander", PASSWORD, new Date(t0 + 5000), "10.9.9.10")).ok).toBe(true);
    warn.mockRestore();
  });

  it("keeps the counts in the database, where every instance sees them", async () => {
    const { db } = await setup("shared-count");
    await login("shared-count", "nope", new Date());
    expect(await db.loginAttempt.count({ where: { account: "shared-count", succeeded: false } })).toBe(1);
  });

  it("refuses a disabled account, and records logins in the audit log without secrets", async () => {
    const { db, user } = await setup("retired", { disabled: true });
    expect(await login("retired", PASSWORD, new Date())).toEqual({ ok: false, reason: "disabled" });
    await setup("auditee");
    await login("auditee", PASSWORD, new Date());
    await login("auditee", "wrong-secret-xyz", new Date());
    const entries = await db.auditLog.findMany({ where: { OR: [{ actorAccount: "auditee" }, { detail: { contains: "auditee" } }] } });
    expect(entries.map((e) => e.action).sort()).toEqual(["login.failure", "login.success"]);
    const all = JSON.stringify(await db.auditLog.findMany());
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain("wrong-secret-xyz");
    expect(user.id).toBeGreaterThan(0);
  });

  it("refuses to change or delete audit entries", async () => {
    const { getDb } = await import("@/lib/db");
    const db = await getDb();
    const entry = await db.auditLog.findFirst();
    expect(entry).not.toBeNull();
    const count = await db.auditLog.count();
    await expect(db.auditLog.update({ where: { id: entry?.id ?? 0 }, data: { action: "tampered" } })).rejects.toThrow();
    await expect(db.auditLog.deleteMany({})).rejects.toThrow();
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
    expect(await db.auditLog.count()).toBe(count);
    expect((await db.auditLog.findUnique({ where: { id: entry?.id ?? 0 } }))?.action).toBe(entry?.action);
  });
});

describe("changing one's password", () => {
  it("needs the current password, clears the forced change and ends the other sessions", async () => {
    const { createSession, hashSessionToken, validateSessionToken } = await import("@/lib/auth/session");
    const { changeOwnPassword } = await import("@/lib/auth/login");
    const { verifyPassword } = await import("@/lib/auth/password");
    const { db, user } = await setup("changer");
    await db.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    const keep = await createSession(user.id, {});
    const other = await createSession(user.id, {});
    const input = { currentPassword: "wrong", newPassword: "new-password-2", keepSessionId: hashSessionToken(keep.token), ip: "10.0.0.1" };
    expect(await changeOwnPassword(user, input)).toEqual({ ok: false, reason: "wrong-current" });
    expect(await validateSessionToken(other.token)).not.toBeNull();
    expect(await changeOwnPassword(user, { ...input, currentPassword: PASSWORD })).toEqual({ ok: true });
    expect(await validateSessionToken(other.token)).toBeNull();
    expect((await validateSessionToken(keep.token))?.user.mustChangePassword).toBe(false);
    const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
    expect(await verifyPassword(row?.passwordHash ?? "", "new-password-2")).toBe(true);
  });
});
