import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/database";

// `npm run seed:large` (scripts/seed-large/): one in-process run of 2,000 readers on a migrated
// database, then checks of what it wrote against the rules the app itself enforces.
const USERS = 2000;
const SEED = 7;
const PASSWORD = "Seed-Large-Test-1";
const NOW = new Date("2026-11-29T12:00:00.000Z");
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

type UnitRow = { id: number; code: string; name: string; parentId: number | null; path: string; depth: number; sortOrder: number; createdAt: string; updatedAt: string };
type UserRow = { id: number; account: string; name: string; unitId: number; role: string; disabled: number; mustChangePassword: number; createdAt: string };
type ProgressRow = {
  userId: number; materialSlug: string; sectionSlug: string; version: string; readParagraphs: string; readChars: number; furthestIndex: number;
  lastParagraphId: string | null; activeSeconds: number; lastViewId: string; lastViewActive: number; lastBeatAt: string; completedAt: string | null;
  completedVersion: string | null; createdAt: string; updatedAt: string;
};

let database: TestDatabase;
let db: Database.Database;
let summary: Awaited<ReturnType<typeof import("@/scripts/seed-large/seed").seedLarge>>;
const scratch: string[] = [];

beforeAll(async () => {
  database = createTestDatabase();
  const { seedLarge } = await import("@/scripts/seed-large/seed");
  summary = await seedLarge({ databaseUrl: database.url, users: USERS, seed: SEED, password: PASSWORD, now: NOW });
  db = new Database(database.file, { readonly: true });
}, 120_000);

afterAll(() => {
  db?.close();
  database?.remove();
  for (const file of scratch) fs.rmSync(file, { force: true });
});

const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;

async function loadSections() {
  const { getMaterial } = await import("@/lib/content");
  const material = getMaterial("deep-poverty-speech");
  if (!material) throw new Error("deep-poverty-speech is missing");
  return material.sections;
}

function digest(rows: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
}

describe("seedLarge (npm run seed:large)", () => {
  it("creates a province of units, the readers and one administrator per city plus a system administrator", () => {
    const units = all<UnitRow>('SELECT * FROM "Unit" ORDER BY "id"');
    expect(units).toHaveLength(summary.units);
    expect(units[0]).toMatchObject({ code: "P", parentId: null, depth: 0, path: "/1/" });
    const cities = units.filter((u) => u.depth === 1);
    expect(cities.length).toBeGreaterThanOrEqual(2);
    for (const city of cities) expect(city.code).toMatch(/^P-C\d\d$/);
    expect(units.some((u) => /^P-C\d\d-X\d\d$/.test(u.code))).toBe(true);
    expect(units.filter((u) => u.name.endsWith("支部")).length).toBeGreaterThan(0);

    const readers = all<UserRow>(`SELECT * FROM "User" WHERE "role" = 'READER' ORDER BY "id"`);
    expect(readers).toHaveLength(USERS);
    expect(readers[0]?.account).toBe("r0000001");
    expect(readers.at(-1)?.account).toBe("r0002000");
    expect(readers.every((r) => r.mustChangePassword === 0 && /^[\u4e00-\u9fff]{2,3}$/.test(r.name) && ISO.test(r.createdAt))).toBe(true);
    const disabled = readers.filter((r) => r.disabled === 1).length;
    expect(disabled / USERS).toBeLessThan(0.03);

    const admins = all<UserRow & { unitCode: string }>(
      `SELECT u.*, n."code" AS "unitCode" FROM "User" u JOIN "Unit" n ON n."id" = u."unitId" WHERE u."role" <> 'READER' ORDER BY u."id"`,
    );
    expect(admins.map((a) => [a.account, a.role, a.unitCode])).toEqual([
      ["large-admin", "SYSTEM_ADMIN", "P"],
      ...cities.map((city, i) => [`admin-c${String(i + 1).padStart(2, "0")}`, "UNIT_ADMIN", city.code]),
    ]);
    expect(summary).toMatchObject({ readers: USERS, admins: admins.length });
  });

  it("stores every unit with a path and depth that follow its parent chain", () => {
    const units = all<UnitRow>('SELECT * FROM "Unit"');
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const unit of units) {
      const chain: number[] = [];
      for (let at: UnitRow | undefined = unit; at; at = at.parentId === null ? undefined : byId.get(at.parentId)) chain.unshift(at.id);
      expect(unit.path).toBe(`/${chain.join("/")}/`);
      expect(unit.depth).toBe(chain.length - 1);
      expect(chain[0]).toBe(1);
      expect(ISO.test(unit.createdAt) && ISO.test(unit.updatedAt)).toBe(true);
    }
    // Siblings are numbered 0, 1, 2, … in order.
    const siblings = all<{ parentId: number; orders: string }>(
      `SELECT "parentId", group_concat("sortOrder") AS "orders" FROM (SELECT * FROM "Unit" WHERE "parentId" IS NOT NULL ORDER BY "sortOrder") GROUP BY "parentId"`,
    );
    for (const { orders } of siblings) expect(orders.split(",").map(Number)).toEqual(orders.split(",").map((_, i) => i));
  });

  it("writes progress rows that follow the completion rule, in reading order and within the last 30 days", async () => {
    const { meetsCompletion } = await import("@/lib/progress/config");
    const sections = await loadSections();
    const rows = all<ProgressRow>('SELECT * FROM "SectionProgress" ORDER BY "userId", "createdAt"');
    expect(rows.length).toBe(summary.progressRows);
    // Problems are collected rather than asserted one by one: thousands of rows, one readable failure.
    const problems: string[] = [];
    const check = (ok: boolean, row: ProgressRow, what: string) => {
      if (!ok) problems.push(`user ${row.userId} ${row.sectionSlug}: ${what}`);
    };
    const byUser = new Map<number, ProgressRow[]>();
    for (const row of rows) {
      const section = sections.find((s) => s.slug === row.sectionSlug);
      if (!section) throw new Error(`unknown section ${row.sectionSlug}`);
      const chars = new Map(section.paragraphs.map((p) => [p.id, p.chars]));
      const read = JSON.parse(row.readParagraphs) as string[];
      check(row.version === section.version, row, "not the current version");
      check(row.readChars === read.reduce((sum, id) => sum + (chars.get(id) ?? Number.NaN), 0), row, "readChars is not the sum of the read paragraphs");
      check(row.furthestIndex === read.length - 1, row, "furthestIndex");
      check(row.lastParagraphId === (read.length > 0 ? section.paragraphs[read.length - 1]?.id : null), row, "lastParagraphId");
      check(/^[A-Za-z0-9_-]{16}$/.test(row.lastViewId) && row.lastViewActive <= row.activeSeconds, row, "page view");
      // A row that meets the rule is complete, and only such a row: the beat merge would have completed it.
      const complete = meetsCompletion({ readChars: row.readChars, activeSeconds: row.activeSeconds, sectionChars: section.chars });
      check((row.completedAt !== null) === complete && row.completedVersion === (complete ? section.version : null), row, "completion");
      const times = [row.createdAt, row.completedAt ?? row.createdAt, row.lastBeatAt];
      check(times.every((at) => ISO.test(at)) && row.updatedAt === row.lastBeatAt, row, "timestamp format");
      check(times[0]! <= times[1]! && times[1]! <= times[2]!, row, "createdAt ≤ completedAt ≤ lastBeatAt");
      check(Date.parse(row.createdAt) >= NOW.getTime() - 30 * 86_400_000 && Date.parse(row.lastBeatAt) <= NOW.getTime(), row, "outside the last 30 days");
      const own = byUser.get(row.userId) ?? [];
      if (own.length === 0) byUser.set(row.userId, own);
      own.push(row);
    }
    const clockOf = db.prepare('SELECT "lastBeatAt" FROM "ReaderClock" WHERE "userId" = ?').pluck();
    for (const own of byUser.values()) {
      const last = own.at(-1)!;
      // A prefix of the sections, read one after another; only the last may be unfinished.
      check(own.every((r, i) => r.sectionSlug === sections[i]?.slug), last, "sections are not a prefix in order");
      check(own.slice(0, -1).every((r, i) => r.completedAt !== null && r.lastBeatAt <= own[i + 1]!.createdAt), last, "earlier sections unfinished or later");
      check(clockOf.get(last.userId) === last.lastBeatAt, last, "the reader's clock is not at the latest beat");
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(byUser.size).toBeGreaterThan(USERS / 2);
  });

  it("leaves about 25% of readers not started, 45% in progress and 30% with every section complete", async () => {
    const sectionCount = (await loadSections()).length;
    const perReader = all<{ rows: number; done: number }>(
      `SELECT COUNT(p."userId") AS "rows", COUNT(p."completedAt") AS "done" FROM "User" u LEFT JOIN "SectionProgress" p ON p."userId" = u."id"
       WHERE u."role" = 'READER' GROUP BY u."id"`,
    );
    const notStarted = perReader.filter((r) => r.rows === 0).length;
    const completed = perReader.filter((r) => r.done === sectionCount).length;
    const inProgress = USERS - notStarted - completed;
    expect(notStarted / USERS).toBeCloseTo(0.25, 1);
    expect(inProgress / USERS).toBeCloseTo(0.45, 1);
    expect(completed / USERS).toBeCloseTo(0.3, 1);
    expect(summary.readersByStatus).toEqual({ "not-started": notStarted, "in-progress": inProgress, completed });
    // Administrators do not read in this data set.
    expect(count(`SELECT COUNT(*) FROM "SectionProgress" p JOIN "User" u ON u."id" = p."userId" WHERE u."role" <> 'READER'`)).toBe(0);
  });

  it("lets the database's triggers keep the completion counters, and assigns the material to the province", async () => {
    const sections = await loadSections();
    expect(all('SELECT "slug", "sections", "sectionCount" FROM "MaterialInfo"')).toEqual([
      { slug: "deep-poverty-speech", sections: JSON.stringify(sections.map((s) => s.slug)), sectionCount: sections.length },
    ]);
    const counted = `u."role" = 'READER' AND u."disabled" = 0`;
    // Each counter row holds its unit's whole subtree, so the root's rows hold the totals.
    expect(count('SELECT "readers" FROM "UnitReaderCount" WHERE "unitId" = 1')).toBe(count(`SELECT COUNT(*) FROM "User" u WHERE ${counted}`));
    // 需通过测试: of the readers who read everything, those who passed the self-test are complete (at
    // their pass, after their last section), the others await the test.
    expect(summary.selfTests).toBeDefined();
    const { passed, awaitingTest } = summary.selfTests!;
    expect(passed + awaitingTest).toBe(summary.readersByStatus.completed);
    expect(passed / summary.readersByStatus.completed).toBeCloseTo(0.8, 1);
    expect(count('SELECT COUNT(*) FROM "ReaderMaterial" WHERE "completedAt" IS NOT NULL')).toBe(passed);
    expect(count('SELECT COUNT(*) FROM "QuizAttempt" WHERE "passed" = 1')).toBe(passed);
    expect(
      count(`SELECT COUNT(*) FROM "ReaderMaterial" m JOIN "QuizAttempt" q ON q."userId" = m."userId"
             WHERE m."completedAt" = q."submittedAt" AND m."passedAt" = q."submittedAt"
               AND q."submittedAt" > (SELECT MAX(s."completedAt") FROM "SectionProgress" s WHERE s."userId" = m."userId")`),
    ).toBe(passed);
    expect(count('SELECT "completed" FROM "UnitMaterialCount" WHERE "unitId" = 1')).toBe(
      count(`SELECT COUNT(*) FROM "ReaderMaterial" m JOIN "User" u ON u."id" = m."userId" WHERE m."completedAt" IS NOT NULL AND ${counted}`),
    );
    expect(count('SELECT SUM("completed") FROM "UnitSectionCount" WHERE "unitId" = 1')).toBe(
      count(`SELECT COUNT(*) FROM "SectionProgress" p JOIN "User" u ON u."id" = p."userId" WHERE p."completedAt" IS NOT NULL AND ${counted}`),
    );
    expect(count('SELECT SUM("completed") FROM "UnitCompletionDay" WHERE "unitId" = 1')).toBe(count('SELECT "completed" FROM "UnitMaterialCount" WHERE "unitId" = 1'));
    expect(all('SELECT "materialSlug", "unitId", "startDate", "dueDate", "requirePass" FROM "Assignment"')).toEqual([
      { materialSlug: "deep-poverty-speech", unitId: 1, startDate: "2026-10-30", dueDate: "2026-12-13", requirePass: 1 },
    ]);
  });

  it("writes exactly what the pure generator produces, the same for the same seed and different for another", async () => {
    const { planUnits } = await import("@/scripts/seed-large/tree");
    const { listAdmins, listReaders } = await import("@/scripts/seed-large/accounts");
    const { planProgress, prepareMaterial } = await import("@/scripts/seed-large/progress");
    const material = prepareMaterial("deep-poverty-speech", await loadSections());
    const generate = (seed: number) => {
      const spec = { users: USERS, seed, now: NOW };
      const units = planUnits(spec);
      const readers = [...listReaders(spec, units)];
      return {
        units: units.map(({ id, code, name, parentId, path: unitPath, depth, sortOrder }) => ({ id, code, name, parentId, path: unitPath, depth, sortOrder })),
        users: [...readers, ...listAdmins(spec, units)].map(({ id, account, name, unitId, role, disabled, createdAt }) => ({
          id, account, name, unitId, role, disabled: disabled ? 1 : 0, createdAt,
        })),
        progress: readers.flatMap((reader) => planProgress(spec, material, reader)),
      };
    };
    const first = generate(SEED);
    expect(digest([generate(SEED)])).toBe(digest([first]));
    expect(digest(generate(SEED + 1).users)).not.toBe(digest(first.users));

    const stored = {
      units: all('SELECT "id", "code", "name", "parentId", "path", "depth", "sortOrder" FROM "Unit" ORDER BY "id"'),
      users: all('SELECT "id", "account", "name", "unitId", "role", "disabled", "createdAt" FROM "User" ORDER BY "id"'),
      progress: all('SELECT * FROM "SectionProgress" ORDER BY "userId", "createdAt"'),
    };
    expect(digest(stored.units)).toBe(digest(first.units));
    expect(digest(stored.users)).toBe(digest(first.users));
    expect(digest(stored.progress)).toBe(digest(first.progress));
  });

  it("refuses a database that already has units or accounts, or is not migrated, in English", async () => {
    const { seedLarge } = await import("@/scripts/seed-large/seed");
    const before = count('SELECT COUNT(*) FROM "User"');
    await expect(seedLarge({ databaseUrl: database.url, users: 10, seed: 1, password: PASSWORD })).rejects.toThrow(
      /already holds \d+ unit\(s\) and \d+ account\(s\)[\s\S]*npx prisma migrate deploy/,
    );
    expect(count('SELECT COUNT(*) FROM "User"')).toBe(before);

    const bare = path.join(path.dirname(database.file), "bare.db");
    scratch.push(bare);
    new Database(bare).close();
    await expect(seedLarge({ databaseUrl: `file:${bare}`, users: 10, seed: 1, password: PASSWORD })).rejects.toThrow(
      /is not migrated \(no migrations have been applied\)[\s\S]*DATABASE_URL=file:\.\/data\/large\.db npx prisma migrate deploy/,
    );
    const missing = path.join(path.dirname(database.file), "missing.db");
    await expect(seedLarge({ databaseUrl: `file:${missing}`, users: 10, seed: 1, password: PASSWORD })).rejects.toThrow(/does not exist/);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it("gives every account the one password hash, so a reader can sign in with the password", async () => {
    const { verifyPassword } = await import("@/lib/auth/password");
    expect(count('SELECT COUNT(DISTINCT "passwordHash") FROM "User"')).toBe(1);
    const hash = db.prepare(`SELECT "passwordHash" FROM "User" WHERE "account" = 'r0000001'`).pluck().get() as string;
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, "Wrong-Password-1")).toBe(false);
  });

  it("validates the command line's flags with specific messages", async () => {
    const { parseFlags } = await import("@/scripts/seed-large/flags");
    expect(parseFlags([])).toEqual({ users: 100_000, seed: 1, password: "Large-Seed-2026", help: false });
    expect(parseFlags(["--users", "2500", "--seed", "9", "--password", "Another-Pass-1"])).toMatchObject({ users: 2500, seed: 9, password: "Another-Pass-1" });
    expect(() => parseFlags(["--users", "0"])).toThrow("--users must be at least 1");
    expect(() => parseFlags(["--users", "2000001"])).toThrow("--users must be at most 2,000,000");
    expect(() => parseFlags(["--users", "1e5"])).toThrow("--users must be a whole number from 1 to 2,000,000");
    expect(() => parseFlags(["--seed", "x"])).toThrow("--seed must be a whole number");
    expect(() => parseFlags(["--password", "short"])).toThrow("--password must be at least 8 characters");
    expect(() => parseFlags(["--append"])).toThrow(/Unknown option '--append'/);
  });
});
