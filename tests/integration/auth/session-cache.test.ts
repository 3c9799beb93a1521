// The lean path's session cache (lib/auth/session-cache.ts) and what keeps it exact
// (lib/auth/session-listener.ts): a kept session answers without the database, and every change that
// could end or alter it, made on another connection as another instance, a script or an operator
// would, reaches the cache: on PostgreSQL through the triggers' notifications (a lost listening
// connection empties it), on SQLite through PRAGMA data_version, before the very next answer.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_DATABASE, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(async () => {
  const { stopSessionListener } = await import("@/lib/auth/session-listener");
  await stopSessionListener();
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  database.remove();
});

const KEPT = { cached: true } as const;

async function modules() {
  const session = await import("@/lib/auth/session");
  const { getSessionMemo } = await import("@/lib/auth/session-cache");
  const listener = await import("@/lib/auth/session-listener");
  const { getDb } = await import("@/lib/db");
  return { ...session, ...listener, memo: getSessionMemo(), db: await getDb() };
}

/** Another connection: what another instance, or an operator in psql, changes (PostgreSQL only). */
let other: pg.Client | undefined;

/**
 * A reader with a signed-in session, looked up once through the cache (so it is kept when live).
 * Notifications still on their way (an ended session deleted on sight sends one too) would keep the
 * lookup from being kept, so it waits for them first.
 */
async function signedIn(account: string) {
  const { db, createSession, validateSessionToken } = await modules();
  const unit = await insertUnit(db, `单位-${account}`, `U-${account}`);
  const user = await insertUser(db, { account, unitId: unit.id });
  const { token } = await createSession(user.id, {});
  await settle();
  expect((await validateSessionToken(token, new Date(), KEPT))?.user.id).toBe(user.id);
  return { token, user, unit };
}

/** Waits until every notification sent so far has been handled (they arrive in commit order). */
async function settle(): Promise<void> {
  if (!other) return;
  const { memo } = await modules();
  const before = memo.stats().invalidations;
  await other!.query(`SELECT pg_notify('portal_session', 's:settle')`);
  await waitFor(() => memo.stats().invalidations > before, "the notifications sent so far");
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

if (TEST_DATABASE === "sqlite") {
  describe("the session cache on SQLite", () => {
    beforeAll(async () => {
      const { memo, startSessionListener } = await modules();
      startSessionListener();
      expect(memo.live).toBe(true);
    });

    it("answers a kept session without the database, and sees another connection's change at once", async () => {
      const { db, memo, validateSessionToken, hashSessionToken } = await modules();
      const { token, user } = await signedIn("sc-sqlite");
      const hits = memo.stats().hits;
      expect((await validateSessionToken(token, new Date(), KEPT))?.user.id).toBe(user.id);
      expect(memo.stats().hits).toBe(hits + 1);
      // Prisma's connection is another connection: its commit drops what was kept, before the next answer.
      await db.user.update({ where: { id: user.id }, data: { disabled: true } });
      expect(await validateSessionToken(token, new Date(), KEPT)).toBeNull();

      // So is another process's (a command-line script on the same file).
      const other = await signedIn("sc-sqlite-other");
      const { default: Database } = await import("better-sqlite3");
      const script = new Database(database.file);
      try {
        script.prepare(`DELETE FROM "Session" WHERE "id" = ?`).run(hashSessionToken(other.token));
      } finally {
        script.close();
      }
      expect(await validateSessionToken(other.token, new Date(), KEPT)).toBeNull();
    });

    it("keeps answering across its own connection's writes (beats, touches), which change nothing it keeps", async () => {
      const { memo, validateSessionToken } = await modules();
      const { executeStatement } = await import("@/lib/sql");
      const { Prisma } = await import("@/lib/generated/prisma/client");
      const { token, user } = await signedIn("sc-sqlite-own");
      await executeStatement(Prisma.sql`UPDATE "Session" SET "lastSeenAt" = ${new Date()} WHERE "userId" = ${user.id}`);
      const hits = memo.stats().hits;
      expect((await validateSessionToken(token, new Date(), KEPT))?.user.id).toBe(user.id);
      expect(memo.stats().hits).toBe(hits + 1);
    });
  });
} else {
  describe("the session cache on PostgreSQL", () => {
    beforeAll(async () => {
      const { memo, startSessionListener } = await modules();
      startSessionListener();
      await waitFor(() => memo.live, "the listener's first ping");
      other = new pg.Client({ connectionString: database.url });
      await other.connect();
    });
    afterAll(() => other?.end());

    /** Runs a statement on the other connection and waits until its notifications have been handled here. */
    async function changeElsewhere(sql: string, values: unknown[], notifications = 1): Promise<void> {
      const { memo } = await modules();
      const before = memo.stats().invalidations;
      await other!.query(sql, values);
      await waitFor(() => memo.stats().invalidations >= before + notifications, "the notification");
    }

    it("answers a kept session without the database", async () => {
      const { memo, validateSessionToken, hashSessionToken } = await modules();
      const { token, user } = await signedIn("sc-hit");
      const hits = memo.stats().hits;
      expect((await validateSessionToken(token, new Date(), KEPT))?.user).toMatchObject({ id: user.id, account: "sc-hit" });
      expect(memo.stats().hits).toBe(hits + 1);
      // Without the trigger, a deleted row goes unnoticed: the answer came from the cache.
      await other!.query(`ALTER TABLE "Session" DISABLE TRIGGER "Session_notify_deleted"`);
      try {
        await other!.query(`DELETE FROM "Session" WHERE "id" = $1`, [hashSessionToken(token)]);
        expect((await validateSessionToken(token, new Date(), KEPT))?.user.id).toBe(user.id);
        // Callers that do not ask for the cache read the database.
        expect(await validateSessionToken(token)).toBeNull();
      } finally {
        await other!.query(`ALTER TABLE "Session" ENABLE TRIGGER "Session_notify_deleted"`);
        memo.invalidate("*");
      }
    });

    it("hears a session ended elsewhere", async () => {
      const { validateSessionToken, hashSessionToken } = await modules();
      const { token } = await signedIn("sc-deleted");
      await changeElsewhere(`DELETE FROM "Session" WHERE "id" = $1`, [hashSessionToken(token)]);
      expect(await validateSessionToken(token, new Date(), KEPT)).toBeNull();
    });

    it("hears an account disabled, a password to change, a new role or name elsewhere", async () => {
      const { validateSessionToken } = await modules();
      const disabled = await signedIn("sc-disabled");
      await changeElsewhere(`UPDATE "User" SET "disabled" = true WHERE "id" = $1`, [disabled.user.id]);
      expect(await validateSessionToken(disabled.token, new Date(), KEPT)).toBeNull();

      const reset = await signedIn("sc-reset");
      await changeElsewhere(`UPDATE "User" SET "mustChangePassword" = true WHERE "id" = $1`, [reset.user.id]);
      expect((await validateSessionToken(reset.token, new Date(), KEPT))?.user.mustChangePassword).toBe(true);

      const promoted = await signedIn("sc-role");
      await changeElsewhere(`UPDATE "User" SET "role" = 'UNIT_ADMIN', "name" = '新名字' WHERE "id" = $1`, [promoted.user.id]);
      expect((await validateSessionToken(promoted.token, new Date(), KEPT))?.user).toMatchObject({ role: "UNIT_ADMIN", name: "新名字" });
    });

    it("hears a unit moved elsewhere (its readers' unit paths change)", async () => {
      const { db, validateSessionToken } = await modules();
      const { token, unit } = await signedIn("sc-moved");
      const parent = await insertUnit(db, "新上级", "U-sc-parent");
      const newPath = `${parent.path}${unit.id}/`;
      await changeElsewhere(`UPDATE "Unit" SET "path" = $1, "parentId" = $2, "depth" = 1 WHERE "id" = $3`, [newPath, parent.id, unit.id]);
      expect((await validateSessionToken(token, new Date(), KEPT))?.user.unitPath).toBe(newPath);
    });

    it("hears a session set back past its idle timeout or its expiry elsewhere, and not the touches of use", async () => {
      const { memo, createSession, validateSessionToken, hashSessionToken } = await modules();
      const idle = await signedIn("sc-idle");
      await changeElsewhere(`UPDATE "Session" SET "lastSeenAt" = now() - interval '9 hours' WHERE "id" = $1`, [hashSessionToken(idle.token)]);
      expect(await validateSessionToken(idle.token, new Date(), KEPT)).toBeNull();

      const expired = await signedIn("sc-expired");
      await changeElsewhere(`UPDATE "Session" SET "expiresAt" = now() - interval '1 minute' WHERE "id" = $1`, [hashSessionToken(expired.token)]);
      expect(await validateSessionToken(expired.token, new Date(), KEPT)).toBeNull();

      // A forward touch notifies nothing: only the delete after it arrives (notifications come in commit order).
      const used = await signedIn("sc-used");
      const gone = await createSession(used.user.id, {});
      expect(await validateSessionToken(gone.token, new Date(), KEPT)).not.toBeNull();
      expect(memo.stats().size).toBe(2);
      const before = memo.stats().invalidations;
      await other!.query(`UPDATE "Session" SET "lastSeenAt" = "lastSeenAt" + interval '1 second' WHERE "id" = $1`, [hashSessionToken(used.token)]);
      await changeElsewhere(`DELETE FROM "Session" WHERE "id" = $1`, [hashSessionToken(gone.token)]);
      expect(memo.stats().invalidations).toBe(before + 1);
      expect(memo.stats().size).toBe(1);
      const hits = memo.stats().hits;
      expect(await validateSessionToken(used.token, new Date(), KEPT)).not.toBeNull();
      expect(memo.stats().hits).toBe(hits + 1);
    });

    it("drops everything at a mass delete or a truncate", async () => {
      const { db, memo, createSession, validateSessionToken } = await modules();
      const { token, user } = await signedIn("sc-mass");
      for (let i = 0; i < 101; i++) await createSession(user.id, {});
      const kept = await signedIn("sc-truncate");
      await changeElsewhere(`DELETE FROM "Session" WHERE "userId" = $1`, [user.id]);
      expect(memo.stats().size).toBe(0);
      expect(await validateSessionToken(token, new Date(), KEPT)).toBeNull();
      expect(await validateSessionToken(kept.token, new Date(), KEPT)).not.toBeNull();
      expect(memo.stats().size).toBe(1);
      await changeElsewhere(`TRUNCATE "Session"`, []);
      expect(memo.stats().size).toBe(0);
      expect(await validateSessionToken(kept.token, new Date(), KEPT)).toBeNull();
      expect(await db.session.count()).toBe(0);
    });

    it("drops a session ended in this process at once, before any notification", async () => {
      const { invalidateSession, invalidateUserSessions, validateSessionToken, hashSessionToken } = await modules();
      const a = await signedIn("sc-logout");
      await invalidateSession(hashSessionToken(a.token));
      expect(await validateSessionToken(a.token, new Date(), KEPT)).toBeNull();
      const b = await signedIn("sc-password");
      await invalidateUserSessions(b.user.id);
      expect(await validateSessionToken(b.token, new Date(), KEPT)).toBeNull();
    });

    it("empties the cache when the listening connection is lost, and misses nothing changed meanwhile", async () => {
      const { memo, validateSessionToken, hashSessionToken } = await modules();
      const { token } = await signedIn("sc-lost");
      expect(memo.stats().size).toBeGreaterThan(0);
      const { rows } = await other!.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'SELECT pg_notify(%'`,
      );
      expect(rows.length).toBe(1);
      await other!.query(`SELECT pg_terminate_backend($1)`, [rows[0]!.pid]);
      await waitFor(() => !memo.live, "the cache to stop");
      expect(memo.stats().size).toBe(0);
      // Nobody hears this notification: the cache must not answer for the session afterwards.
      await other!.query(`DELETE FROM "Session" WHERE "id" = $1`, [hashSessionToken(token)]);
      expect(await validateSessionToken(token, new Date(), KEPT)).toBeNull();
      await waitFor(() => memo.live, "the listener to come back", 15_000);
      expect(await validateSessionToken(token, new Date(), KEPT)).toBeNull();
      const again = await signedIn("sc-back");
      const hits = memo.stats().hits;
      expect(await validateSessionToken(again.token, new Date(), KEPT)).not.toBeNull();
      expect(memo.stats().hits).toBe(hits + 1);
    }, 30_000);
  });
}
