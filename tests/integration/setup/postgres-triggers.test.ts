// The PL/pgSQL triggers of the PostgreSQL baseline, driven with plain SQL on a migrated database:
// after every kind of write the completion counters equal a brute-force computation from the rows,
// the audit log refuses changes, and the reader clock follows the latest beat.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "@/lib/setup/migrate-postgres";
import { createPostgresDatabase, type PostgresDatabase } from "../helpers/postgres";

let database: PostgresDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createPostgresDatabase();
  await migratePostgres({ connectionString: database.url });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

const sql = async <T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows;

/** Section lists as MaterialInfo records them; "single" completes on its first insert. */
const MATERIALS: Record<string, string[]> = { study: ["s1", "s2", "s3"], single: ["only"] };

/** A clock that only moves forward, 37 minutes a write, so completions cross China-time midnights. */
let now = Date.UTC(2026, 9, 1, 10, 0, 0);
const tick = () => new Date((now += 37 * 60_000)).toISOString();

/** A small deterministic PRNG, so a failure replays the same way. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = createRandom(20261129);

/** A unit inserted as lib/units.ts does: a placeholder path first, the real one once the id exists. */
async function addUnit(code: string, parent?: { id: number; path: string; depth: number }) {
  const prefix = parent?.path ?? "/";
  const [row] = await sql<{ id: number }>(
    `INSERT INTO "Unit" ("name", "code", "parentId", "path", "depth", "updatedAt") VALUES ($1, $1, $2, $3, $4, now()) RETURNING "id"`,
    [code, parent?.id ?? null, `${prefix}new-${code}/`, (parent?.depth ?? -1) + 1],
  );
  const unit = { id: row!.id, path: `${prefix}${row!.id}/`, depth: (parent?.depth ?? -1) + 1 };
  await sql(`UPDATE "Unit" SET "path" = $1 WHERE "id" = $2`, [unit.path, unit.id]);
  return unit;
}

async function addUser(account: string, unitId: number, role = "READER", disabled = false): Promise<number> {
  const [row] = await sql<{ id: number }>(
    `INSERT INTO "User" ("account", "name", "unitId", "role", "disabled", "passwordHash", "updatedAt")
     VALUES ($1, $1, $2, $3::"Role", $4, 'not-a-login-account', now()) RETURNING "id"`,
    [account, unitId, role, disabled],
  );
  return row!.id;
}

/**
 * A progress row as the beat merge first writes it: a paragraph read, completed at once when
 * `completed`; or, when `openedOnly`, a section opened for a few seconds with nothing read.
 */
async function startSection(userId: number, material: string, section: string, completed: boolean, openedOnly = false) {
  const at = tick();
  await sql(
    `INSERT INTO "SectionProgress" ("userId", "materialSlug", "sectionSlug", "version", "readParagraphs", "activeSeconds", "lastBeatAt", "completedAt", "completedVersion")
     VALUES ($1, $2, $3, 'v1', $4, $5, $6, $7, $8)`,
    [userId, material, section, openedOnly ? "[]" : '["p1"]', openedOnly ? 5 : 120, at, completed ? at : null, completed ? "v1" : null],
  );
}

/** A later beat completing a section in its current version (the first time, or again after a revision). */
async function completeSection(userId: number, material: string, section: string) {
  const at = tick();
  await sql(
    `UPDATE "SectionProgress" SET "lastBeatAt" = $4, "readParagraphs" = '["p1","p2"]', "completedAt" = $4, "completedVersion" = "version"
     WHERE "userId" = $1 AND "materialSlug" = $2 AND "sectionSlug" = $3`,
    [userId, material, section, at],
  );
}

const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
// Timestamps are compared as milliseconds since the epoch of their UTC wall time (the column has
// no zone), so the test does not depend on the machine's time zone.
const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::bigint::text`;

type Row = Record<string, string | number | null>;
const byKey = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/** Every counter table computed the slow, obvious way from units, users and progress rows. */
async function bruteForce() {
  const units = await sql<{ id: number; path: string }>(`SELECT "id", "path" FROM "Unit"`);
  const users = await sql<{ id: number; unitId: number; role: string; disabled: boolean }>(`SELECT "id", "unitId", "role", "disabled" FROM "User"`);
  const rows = await sql<{ userId: number; materialSlug: string; sectionSlug: string; completedAt: string | null; readParagraphs: string; activeSeconds: number; version: string; completedVersion: string | null }>(
    `SELECT "userId", "materialSlug", "sectionSlug", ${epochMs(`"completedAt"`)} AS "completedAt", "readParagraphs", "activeSeconds", "version", "completedVersion" FROM "SectionProgress"`,
  );
  // The rules of docs/progress-and-notes.md: started from a paragraph read or a minute of active time;
  // completed while the latest completion is of the row's current version.
  const progress = rows.map((p) => ({
    ...p,
    started: (JSON.parse(p.readParagraphs) as string[]).length > 0 || p.activeSeconds >= 60,
    done: p.completedVersion !== null && p.completedVersion === p.version,
  }));
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  const readerMaterial: Row[] = [];
  for (const user of users) {
    for (const [material, sections] of Object.entries(MATERIALS)) {
      const rows = progress.filter((p) => p.userId === user.id && p.materialSlug === material);
      if (rows.length === 0) continue;
      const done = rows.filter((p) => p.done).map((p) => Number(p.completedAt));
      readerMaterial.push({
        userId: user.id, materialSlug: material, sectionsStarted: rows.filter((p) => p.started).length, sectionsCompleted: done.length,
        // Completions are written in time order, so the completing write is the latest one.
        completedAt: done.length >= sections.length ? String(Math.max(...done)) : null,
      });
    }
  }
  const readers: Row[] = [], materialCounts: Row[] = [], sectionCounts: Row[] = [], days: Row[] = [];
  for (const unit of units) {
    const members = users.filter((u) => u.role === "READER" && !u.disabled && pathOf.get(u.unitId)!.startsWith(unit.path)).map((u) => u.id);
    if (members.length > 0) readers.push({ unitId: unit.id, readers: members.length });
    for (const [material, sections] of Object.entries(MATERIALS)) {
      const rms = readerMaterial.filter((m) => m.materialSlug === material && members.includes(m.userId as number));
      const completed = rms.filter((m) => m.completedAt !== null);
      const started = rms.filter((m) => (m.sectionsStarted as number) > 0).length;
      if (started > 0 || completed.length > 0) materialCounts.push({ unitId: unit.id, materialSlug: material, started, completed: completed.length });
      for (const section of sections) {
        const rows = progress.filter((p) => p.materialSlug === material && p.sectionSlug === section && members.includes(p.userId));
        const started = rows.filter((p) => p.started).length;
        const completed = rows.filter((p) => p.done).length;
        if (started > 0 || completed > 0) sectionCounts.push({ unitId: unit.id, materialSlug: material, sectionSlug: section, started, completed });
      }
      const perDay = new Map<string, number>();
      for (const m of completed) perDay.set(chinaDay(Number(m.completedAt)), (perDay.get(chinaDay(Number(m.completedAt))) ?? 0) + 1);
      for (const [day, n] of perDay) days.push({ unitId: unit.id, materialSlug: material, day, completed: n });
    }
  }
  return { readerMaterial: byKey(readerMaterial), readers: byKey(readers), materialCounts: byKey(materialCounts), sectionCounts: byKey(sectionCounts), days: byKey(days) };
}

/** The counter tables as the triggers kept them (rows that went back to zero are as good as absent). */
async function counters() {
  return {
    readerMaterial: byKey(await sql(`SELECT "userId", "materialSlug", "sectionsStarted", "sectionsCompleted", ${epochMs(`"completedAt"`)} AS "completedAt" FROM "ReaderMaterial"`)),
    readers: byKey(await sql(`SELECT "unitId", "readers" FROM "UnitReaderCount" WHERE "readers" <> 0`)),
    materialCounts: byKey(await sql(`SELECT "unitId", "materialSlug", "started", "completed" FROM "UnitMaterialCount" WHERE "started" <> 0 OR "completed" <> 0`)),
    sectionCounts: byKey(await sql(`SELECT "unitId", "materialSlug", "sectionSlug", "started", "completed" FROM "UnitSectionCount" WHERE "started" <> 0 OR "completed" <> 0`)),
    days: byKey(await sql(`SELECT "unitId", "materialSlug", "day", "completed" FROM "UnitCompletionDay" WHERE "completed" <> 0`)),
  };
}

async function expectCountersMatch(step: string) {
  const expected = await bruteForce();
  expect(await counters(), step).toEqual(expected);
  return expected;
}

describe("PostgreSQL counter triggers", () => {
  let tree: Record<string, { id: number; path: string; depth: number }>;
  const readers: number[] = [];

  beforeAll(async () => {
    for (const [slug, sections] of Object.entries(MATERIALS)) {
      await sql(`INSERT INTO "MaterialInfo" ("slug", "sections", "sectionCount", "updatedAt") VALUES ($1, $2, $3, now())`, [slug, JSON.stringify(sections), sections.length]);
    }
    const root = await addUnit("root");
    const a = await addUnit("a", root);
    const b = await addUnit("b", root);
    const a1 = await addUnit("a1", a);
    const a2 = await addUnit("a2", a);
    const a1x = await addUnit("a1x", a1);
    const b1 = await addUnit("b1", b);
    tree = { root, a, b, a1, a2, a1x, b1 };
    const homes = [root, a, b, a1, a2, a1x, b1, a1x, a1, b1, a2, a1x];
    for (const [i, unit] of homes.entries()) readers.push(await addUser(`reader-${i}`, unit.id));
    await addUser("unit-admin", a.id, "UNIT_ADMIN");
    await addUser("system-admin", root.id, "SYSTEM_ADMIN");
    await addUser("disabled-reader", a1x.id, "READER", true);
    readers.push(...(await sql<{ id: number }>(`SELECT "id" FROM "User" WHERE "role" <> 'READER' OR "disabled"`)).map((r) => r.id));
  });

  it("count sections started and completed on insert, for the unit and every ancestor", async () => {
    for (const userId of readers) {
      const started = Math.floor(random() * (MATERIALS.study!.length + 1));
      for (const section of MATERIALS.study!.slice(0, started)) await startSection(userId, "study", section, random() < 0.3);
      if (random() < 0.6) await startSection(userId, "single", "only", random() < 0.7);
      // Sections only opened for a moment: rows that count as neither started nor completed.
      if (started < MATERIALS.study!.length && random() < 0.5) await startSection(userId, "study", MATERIALS.study![started]!, false, true);
    }
    // A reader whose every section arrives already completed: the material completes on an insert.
    const fast = await addUser("fast-reader", tree.a1x!.id);
    for (const section of MATERIALS.study!) await startSection(fast, "study", section, true);
    const expected = await expectCountersMatch("after inserts");
    expect(expected.sectionCounts.length).toBeGreaterThan(0);
    expect(expected.days.length).toBeGreaterThan(0);
  });

  it("count sections completed by a later update, and whole materials completed that way", async () => {
    const open = await sql<{ userId: number; materialSlug: string; sectionSlug: string }>(
      `SELECT "userId", "materialSlug", "sectionSlug" FROM "SectionProgress" WHERE "completedAt" IS NULL ORDER BY 1, 2, 3`,
    );
    for (const row of open) if (random() < 0.8) await completeSection(row.userId, row.materialSlug, row.sectionSlug);
    // A beat that does not complete anything moves only the clock.
    await sql(`UPDATE "SectionProgress" SET "lastBeatAt" = $1 WHERE "userId" = $2`, [tick(), readers[0]]);
    const expected = await expectCountersMatch("after completions");
    const completedMaterials = expected.readerMaterial.filter((r) => !r.includes(`"completedAt":null`));
    expect(completedMaterials.length).toBeGreaterThan(3);
  });

  it("count a section as started at its first minute, and follow a revision reopening and re-completing sections", async () => {
    // An opened-only section whose reader stays a minute: started now (issue 15, item 12).
    await sql(`UPDATE "SectionProgress" SET "activeSeconds" = 60 WHERE "readParagraphs" = '[]' AND "userId" = ANY($1::int[])`, [readers.slice(0, 4)]);
    await expectCountersMatch("after a minute of reading");
    // A revision of study's first section, as the start-up sync moves the rows (item 19): some
    // completions are kept (completedVersion moves along), the others reopen the section.
    const first = MATERIALS.study![0]!;
    await sql(
      `UPDATE "SectionProgress" SET "version" = 'v2', "completedVersion" = CASE WHEN "userId" % 3 = 0 THEN 'v2' ELSE "completedVersion" END
       WHERE "materialSlug" = 'study' AND "sectionSlug" = $1`,
      [first],
    );
    const expected = await expectCountersMatch("after a revision");
    expect(expected.readerMaterial.some((r) => r.includes(`"sectionsCompleted":`))).toBe(true);
    const reopened = await sql<{ userId: number }>(
      `SELECT "userId" FROM "SectionProgress" WHERE "materialSlug" = 'study' AND "sectionSlug" = $1 AND "completedVersion" = 'v1'`,
      [first],
    );
    expect(reopened.length, "completions the revision reopened").toBeGreaterThan(0);
    for (const row of reopened) await completeSection(row.userId, "study", first);
    await expectCountersMatch("after re-reading the revised section");
  });

  it("move a reader's whole contribution when the reader moves, is disabled or enabled, or changes role", async () => {
    await sql(`UPDATE "User" SET "unitId" = $1 WHERE "id" = $2`, [tree.b1!.id, readers[5]]);
    await sql(`UPDATE "User" SET "unitId" = $1 WHERE "id" = $2`, [tree.a2!.id, readers[9]]);
    await expectCountersMatch("after moving readers");
    await sql(`UPDATE "User" SET "disabled" = true WHERE "id" = $1`, [readers[3]]);
    await sql(`UPDATE "User" SET "disabled" = false WHERE "account" = 'disabled-reader'`);
    await sql(`UPDATE "User" SET "role" = 'UNIT_ADMIN' WHERE "id" = $1`, [readers[7]]);
    await sql(`UPDATE "User" SET "role" = 'READER' WHERE "account" = 'unit-admin'`);
    // Several rows in one statement, and a statement that changes nothing counted.
    await sql(`UPDATE "User" SET "unitId" = $1 WHERE "id" = ANY($2::int[])`, [tree.a1x!.id, [readers[0], readers[1], readers[2]]]);
    await sql(`UPDATE "User" SET "name" = 'renamed' WHERE "id" = $1`, [readers[4]]);
    await expectCountersMatch("after disabling, enabling and role changes");
  });

  it("move a unit's subtree totals when the unit moves, as lib/units.ts moves it", async () => {
    const mover = tree.a1!; // with a1x below it, under a
    const parent = tree.b1!;
    const newPath = `${parent.path}${mover.id}/`;
    await client.query("BEGIN");
    await sql(
      `UPDATE "Unit" SET "path" = $1 || substr("path", $2), "depth" = "depth" + $3, "updatedAt" = CURRENT_TIMESTAMP WHERE "path" LIKE $4`,
      [newPath, mover.path.length + 1, parent.depth + 1 - mover.depth, `${mover.path}%`],
    );
    await sql(`UPDATE "Unit" SET "parentId" = $1 WHERE "id" = $2`, [parent.id, mover.id]);
    await client.query("COMMIT");
    await expectCountersMatch("after moving a unit");
    // And to the top of the tree (no parent), then progress on the moved subtree.
    const [moved] = await sql<{ path: string; depth: number }>(`SELECT "path", "depth" FROM "Unit" WHERE "id" = $1`, [mover.id]);
    await client.query("BEGIN");
    await sql(`UPDATE "Unit" SET "path" = $1 || substr("path", $2), "depth" = "depth" - $3 WHERE "path" LIKE $4`, [`/${mover.id}/`, moved!.path.length + 1, moved!.depth, `${moved!.path}%`]);
    await sql(`UPDATE "Unit" SET "parentId" = NULL WHERE "id" = $1`, [mover.id]);
    await client.query("COMMIT");
    const [member] = await sql<{ id: number }>(
      `SELECT u."id" FROM "User" u JOIN "Unit" n ON n."id" = u."unitId"
       WHERE n."path" LIKE $1 AND u."role" = 'READER' AND NOT u."disabled"
         AND NOT EXISTS (SELECT 1 FROM "SectionProgress" p WHERE p."userId" = u."id" AND p."materialSlug" = 'single')
       LIMIT 1`,
      [`/${mover.id}/%`],
    );
    expect(member, "a counted reader below the moved unit with the single material still to read").toBeDefined();
    await startSection(member!.id, "single", "only", true);
    await expectCountersMatch("after moving a unit to the top and writing progress below it");
  });

  it("take a deleted reader's contribution out, before the cascade removes the progress", async () => {
    const [withProgress] = await sql<{ userId: number }>(
      `SELECT p."userId" FROM "SectionProgress" p JOIN "User" u ON u."id" = p."userId" WHERE u."role" = 'READER' AND NOT u."disabled" AND p."completedAt" IS NOT NULL LIMIT 1`,
    );
    await sql(`DELETE FROM "User" WHERE "id" = $1`, [withProgress!.userId]);
    await sql(`DELETE FROM "User" WHERE "account" = 'system-admin'`);
    await expectCountersMatch("after deleting readers");
  });
});

describe("PostgreSQL audit log and reader clock triggers", () => {
  it("refuse to change, delete or truncate audit log entries", async () => {
    await sql(`INSERT INTO "AuditLog" ("action", "detail") VALUES ('login', '{}')`);
    await expect(sql(`UPDATE "AuditLog" SET "action" = 'forged'`)).rejects.toThrow(/AuditLog is append-only/);
    await expect(sql(`DELETE FROM "AuditLog"`)).rejects.toThrow(/AuditLog is append-only/);
    await expect(sql(`TRUNCATE "AuditLog"`)).rejects.toThrow(/AuditLog is append-only/);
    expect(await sql(`SELECT "action" FROM "AuditLog"`)).toEqual([{ action: "login" }]);
  });

  it("keep the reader clock at the latest beat, whichever section it came from", async () => {
    const [unit] = await sql<{ id: number }>(`SELECT "id" FROM "Unit" LIMIT 1`);
    const userId = await addUser("clock-reader", unit!.id);
    const clock = async () => (await sql<{ at: string }>(`SELECT ${epochMs(`"lastBeatAt"`)} AS "at" FROM "ReaderClock" WHERE "userId" = $1`, [userId]))[0]?.at;
    expect(await clock()).toBeUndefined();
    await startSection(userId, "study", "s1", false);
    expect(await clock()).toBe(String(now));
    await startSection(userId, "study", "s2", false);
    expect(await clock()).toBe(String(now));
    await completeSection(userId, "study", "s1");
    expect(await clock()).toBe(String(now));
    // A write that does not touch lastBeatAt leaves the clock alone.
    const before = await clock();
    await sql(`UPDATE "SectionProgress" SET "activeSeconds" = 99 WHERE "userId" = $1`, [userId]);
    expect(await clock()).toBe(before);
  });
});
