import type Database from "better-sqlite3";
import { hashPassword } from "../../lib/auth/password";
import { getMaterial } from "../../lib/content";
import { getDatabaseProvider, resolveSqlitePath } from "../../lib/database-url";
import { SQLITE_PRAGMAS } from "../../lib/db";
import { listAdmins, listReaders, type PlannedAccount, type ReaderStatus } from "./accounts";
import { SeedLargeError, assertEmpty, assertMigrated, hasTable, openDatabase } from "./database";
import { planProgress, prepareMaterial, sectionVersionsJson, type ProgressRow, type SeedMaterial } from "./progress";
import { DAY_MS, isoTime, unitCreatedAt, type SeedSpec } from "./time";
import { planUnits, type PlannedUnit } from "./tree";

export { SeedLargeError } from "./database";

/** The material every generated reader is studying. */
export const SEED_MATERIAL = "deep-poverty-speech";
/** Rows per write transaction. */
const BATCH_ROWS = 5000;

export type SeedLargeOptions = {
  databaseUrl: string;
  users: number;
  seed: number;
  password: string;
  /** The moment the data is generated for (default: now); with the same seed, the same rows. */
  now?: Date;
  /** Progress lines (the CLI writes them to stderr). */
  log?: (line: string) => void;
};

export type SeedLargeSummary = {
  file: string;
  units: number;
  readers: number;
  admins: number;
  progressRows: number;
  readersByStatus: Record<ReaderStatus, number>;
  assignment: boolean;
  /**
   * 需通过测试 (SQLite, when the schema has it): the assignment requires passing the self-test, and
   * four in five of the readers who read everything have passed it; the rest count as not complete.
   * Undefined where the seed does not write tests (PostgreSQL, an older schema).
   */
  selfTests?: { passed: number; awaitingTest: number };
  seconds: number;
};

const INSERT_UNIT = `INSERT INTO "Unit" ("id", "name", "code", "parentId", "path", "depth", "sortOrder", "createdAt", "updatedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_USER = `INSERT INTO "User" ("id", "account", "name", "unitId", "role", "disabled", "passwordHash", "mustChangePassword",
  "passwordChangedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)`;
const INSERT_PROGRESS = `INSERT INTO "SectionProgress" ("userId", "materialSlug", "sectionSlug", "version", "readParagraphs", "readChars",
  "furthestIndex", "lastParagraphId", "activeSeconds", "lastViewId", "lastViewActive", "lastBeatAt", "completedAt", "completedVersion",
  "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The seeded material with its sections prepared for the generator. */
export function loadMaterial(): SeedMaterial {
  const material = getMaterial(SEED_MATERIAL);
  if (!material) throw new SeedLargeError(`Study material "${SEED_MATERIAL}" was not found in the content folder.`);
  return prepareMaterial(material.slug, material.sections);
}

/**
 * The triggers that keep the completion counters read each material's section list from MaterialInfo,
 * which the server records at start-up (syncMaterialCatalog in lib/reports/counters.ts). A fresh
 * database has none yet, and without it no reader would ever count as having completed the material:
 * record it first, in the same form, so that the server later finds nothing to rebuild.
 */
function writeMaterialCatalog(db: Database.Database, spec: SeedSpec, material: SeedMaterial): void {
  if (!hasTable(db, "MaterialInfo")) return;
  const sections = material.sections.map((section) => section.slug);
  db.prepare(`INSERT INTO "MaterialInfo" ("slug", "sections", "sectionCount", "sectionVersions", "updatedAt") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("slug") DO NOTHING`).run(
    material.slug, JSON.stringify(sections), sections.length, sectionVersionsJson(material.sections), isoTime(spec.now.getTime()),
  );
}

function writeUnits(db: Database.Database, spec: SeedSpec, units: readonly PlannedUnit[], material: SeedMaterial, display: string): void {
  const insert = db.prepare(INSERT_UNIT);
  // The emptiness check and the first rows share one IMMEDIATE transaction: no one can slip in between.
  db.transaction(() => {
    assertEmpty(db, display);
    writeMaterialCatalog(db, spec, material);
    units.forEach((unit, index) => {
      const at = unitCreatedAt(spec, index);
      insert.run(unit.id, unit.name, unit.code, unit.parentId, unit.path, unit.depth, unit.sortOrder, at, at);
    });
  }).immediate();
}

/** Writes rows in transactions of BATCH_ROWS, reporting the running total after each. */
function writeInBatches<T>(db: Database.Database, rows: Iterable<T>, write: (row: T) => void, onBatch: (written: number) => void): number {
  const flush = db.transaction((batch: T[]) => {
    for (const row of batch) write(row);
  });
  let batch: T[] = [];
  let written = 0;
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) {
      flush(batch);
      onBatch((written += batch.length));
      batch = [];
    }
  }
  flush(batch);
  onBatch((written += batch.length));
  return written;
}

function writeAccounts(db: Database.Database, accounts: Iterable<PlannedAccount>, passwordHash: string, onBatch: (written: number) => void): void {
  const insert = db.prepare(INSERT_USER);
  writeInBatches(db, accounts, (a) => insert.run(a.id, a.account, a.name, a.unitId, a.role, a.disabled ? 1 : 0, passwordHash, a.createdAt, a.createdAt), onBatch);
}

function writeProgress(db: Database.Database, rows: Iterable<ProgressRow>, onBatch: (written: number) => void): number {
  const insert = db.prepare(INSERT_PROGRESS);
  return writeInBatches(
    db,
    rows,
    (r) =>
      insert.run(r.userId, r.materialSlug, r.sectionSlug, r.version, r.readParagraphs, r.readChars, r.furthestIndex, r.lastParagraphId,
        r.activeSeconds, r.lastViewId, r.lastViewActive, r.lastBeatAt, r.completedAt, r.completedVersion, r.createdAt, r.updatedAt),
    onBatch,
  );
}

/** A calendar date in China, where the portal's readers are ("YYYY-MM-DD"). */
export function chinaDate(ms: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
}

/**
 * Assigns the material to the whole province when the database has assignments (a newer schema),
 * requiring a passed self-test where the schema has 需通过测试. Written before the progress rows, so
 * the section triggers gate completion on it as they would for readers reading after an assignment.
 */
function writeAssignment(db: Database.Database, spec: SeedSpec, rootId: number, adminId: number): boolean {
  if (!hasTable(db, "Assignment")) return false;
  const now = spec.now.getTime();
  const columns = new Set((db.prepare(`PRAGMA table_info("Assignment")`).all() as Array<{ name: string }>).map((c) => c.name));
  const values: Record<string, string | number> = {
    materialSlug: SEED_MATERIAL, unitId: rootId, startDate: chinaDate(now - 30 * DAY_MS), dueDate: chinaDate(now + 14 * DAY_MS),
    createdById: adminId, createdAt: isoTime(now), updatedAt: isoTime(now), requirePass: 1,
  };
  const names = Object.keys(values).filter((name) => columns.has(name));
  db.prepare(`INSERT INTO "Assignment" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`).run(
    ...names.map((name) => values[name] ?? null),
  );
  return true;
}

/**
 * Four in five of the readers with every section completed pass the self-test (one graded attempt
 * each, 5 of 5, a day after their last section), recorded as the grading statement records a pass
 * (lib/quiz/completion.ts passStatement): passedAt, and completedAt, which the counter triggers follow.
 */
function writePasses(db: Database.Database): { passed: number; awaitingTest: number } | undefined {
  const columns = new Set((db.prepare(`PRAGMA table_info("ReaderMaterial")`).all() as Array<{ name: string }>).map((c) => c.name));
  if (!hasTable(db, "QuizAttempt") || !columns.has("passedAt")) return undefined;
  const readAll = `m."materialSlug" = ? AND m."sectionsCompleted" >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = m."materialSlug")`;
  const passer = `${readAll} AND m."userId" % 5 <> 0`;
  const lastRead = `(SELECT MAX(s."completedAt") FROM "SectionProgress" s WHERE s."userId" = m."userId" AND s."materialSlug" = m."materialSlug")`;
  const write = db.transaction(() => {
    const { changes: passed } = db
      .prepare(
        `INSERT INTO "QuizAttempt" ("id", "userId", "materialSlug", "questions", "passPercent", "openedAt", "expiresAt", "submittedAt", "answers", "correct", "total", "passed")
         SELECT 'seed-' || m."userId", m."userId", m."materialSlug", '[]', 80, strftime('%Y-%m-%dT%H:%M:%S.000+00:00', ${lastRead}, '+1 day'),
                strftime('%Y-%m-%dT%H:%M:%S.000+00:00', ${lastRead}, '+1 day', '+2 hours'), strftime('%Y-%m-%dT%H:%M:%S.000+00:00', ${lastRead}, '+1 day', '+10 minutes'),
                '{}', 5, 5, 1
         FROM "ReaderMaterial" m WHERE ${passer}`,
      )
      .run(SEED_MATERIAL);
    db.prepare(
      `UPDATE "ReaderMaterial" AS m SET "passedAt" = (SELECT q."submittedAt" FROM "QuizAttempt" q WHERE q."id" = 'seed-' || m."userId")
       WHERE ${passer}`,
    ).run(SEED_MATERIAL);
    db.prepare(`UPDATE "ReaderMaterial" AS m SET "completedAt" = "passedAt" WHERE ${passer}`).run(SEED_MATERIAL);
    const { n: awaitingTest } = db.prepare(`SELECT COUNT(*) AS n FROM "ReaderMaterial" m WHERE ${readAll} AND m."completedAt" IS NULL`).get(SEED_MATERIAL) as { n: number };
    return { passed, awaitingTest };
  });
  return write();
}

/** Every reader's progress rows in reader order, counting the readers by status on the way. */
export function* listProgress(spec: SeedSpec, material: SeedMaterial, units: readonly PlannedUnit[], counts: Record<ReaderStatus, number>): Generator<ProgressRow> {
  for (const reader of listReaders(spec, units)) {
    counts[reader.status] += 1;
    yield* planProgress(spec, material, reader);
  }
}

/**
 * Fills an empty, migrated database with a province-sized unit tree, `users` readers (plus one system
 * administrator and one unit administrator per city, all with `password`) and their reading progress
 * in deep-poverty-speech. Rows go in through plain INSERTs (units, then accounts, then progress), so the
 * database's own triggers keep every derived table current. A postgresql:// URL goes to
 * seedLargePostgres (./postgres.ts): the same rows, written set-based.
 */
export async function seedLarge(options: SeedLargeOptions): Promise<SeedLargeSummary> {
  if (getDatabaseProvider(options.databaseUrl) === "postgresql") {
    // Loaded only for PostgreSQL; it imports this module's generator helpers.
    const { seedLargePostgres } = await import("./postgres");
    return seedLargePostgres(options);
  }
  const started = performance.now();
  const log = options.log ?? (() => {});
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
  const spec: SeedSpec = { users: options.users, seed: options.seed, now: options.now ?? new Date() };
  const file = resolveSqlitePath(options.databaseUrl);
  const display = options.databaseUrl;
  const db = openDatabase(file, display, SQLITE_PRAGMAS);
  try {
    assertMigrated(db, display);
    const material = loadMaterial();
    const passwordHash = await hashPassword(options.password);
    const units = planUnits(spec);
    writeUnits(db, spec, units, material, display);
    log(`units: ${units.length} written (${elapsed()} s)`);

    const admins = listAdmins(spec, units);
    const total = spec.users + admins.length;
    const step = Math.max(BATCH_ROWS, Math.ceil(total / 10 / BATCH_ROWS) * BATCH_ROWS);
    const accounts = (function* () {
      yield* listReaders(spec, units);
      yield* admins;
    })();
    writeAccounts(db, accounts, passwordHash, (written) => {
      if (written % step === 0 || written === total) log(`accounts: ${written.toLocaleString("en-US")}/${total.toLocaleString("en-US")} (${elapsed()} s)`);
    });

    const [root, systemAdmin] = [units[0], admins[0]];
    const assignment = root !== undefined && systemAdmin !== undefined && writeAssignment(db, spec, root.id, systemAdmin.id);

    const readersByStatus: Record<ReaderStatus, number> = { "not-started": 0, "in-progress": 0, completed: 0 };
    const progressRows = writeProgress(db, listProgress(spec, material, units, readersByStatus), (written) => {
      if (written % (BATCH_ROWS * 20) === 0) log(`progress: ${written.toLocaleString("en-US")} rows (${elapsed()} s)`);
    });
    log(`progress: ${progressRows.toLocaleString("en-US")} rows, done (${elapsed()} s)`);

    const selfTests = assignment ? writePasses(db) : undefined;
    if (selfTests) log(`self-tests: ${selfTests.passed.toLocaleString("en-US")} passed, ${selfTests.awaitingTest.toLocaleString("en-US")} read everything and await the test (${elapsed()} s)`);
    const seconds = (performance.now() - started) / 1000;
    return { file, units: units.length, readers: spec.users, admins: admins.length, progressRows, readersByStatus, assignment, selfTests, seconds };
  } finally {
    db.close();
  }
}
