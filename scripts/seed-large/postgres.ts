// seed:large on PostgreSQL: the same generated rows as on SQLite (same tree, accounts and progress for
// the same seed), written set-based (INSERT … SELECT FROM unnest of arrays, thousands of rows per
// statement) in one transaction, with the counter tables built once at the end.
import pg from "pg";
import { hashPassword } from "../../lib/auth/password";
import { listMigrations, POSTGRES_MIGRATIONS_DIR } from "../../lib/setup/migrate-postgres";
import { listAdmins, listReaders, type PlannedAccount, type ReaderStatus } from "./accounts";
import { SeedLargeError } from "./database";
import { sectionVersionsJson, type ProgressRow } from "./progress";
import { chinaDate, listProgress, loadMaterial, SEED_MATERIAL, type SeedLargeOptions, type SeedLargeSummary } from "./seed";
import { DAY_MS, isoTime, unitCreatedAt, type SeedSpec } from "./time";
import { planUnits } from "./tree";

/** Rows per INSERT statement: large enough that per-statement costs vanish, small enough for memory. */
const BATCH_ROWS = 10_000;

/**
 * How the counter tables (ReaderClock, ReaderMaterial, Unit*Count, UnitCompletionDay) are filled:
 * - "rebuild" (default): the user triggers of the three written tables are off while the rows go in,
 *   then each counter table is computed in one statement, as lib/reports/counters.ts rebuilds them;
 * - "triggers": the rows go in with the triggers on, as the app's own writes would (row by row inside
 *   each statement, several times slower). Kept so a test can check that both give the same counters.
 */
export type CounterMode = "rebuild" | "triggers";

const MIGRATE_HINT =
  "Use a new, empty database with the PostgreSQL migrations applied, e.g.:\n" +
  "  createdb -h 127.0.0.1 -U postgres portal_large\n" +
  "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_large npm run db:migrate:pg\n" +
  "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_large npm run seed:large -- --users 100000";

// Triggers whose work the "rebuild" mode does in bulk afterwards.
const TRIGGER_TABLES = ["User", "SectionProgress", "ReaderMaterial"] as const;

/** The URL without a password, for messages. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = "";
  return parsed.toString();
}

async function assertMigrated(client: pg.Client, display: string): Promise<void> {
  const refuse = (why: string) => new SeedLargeError(`Database ${display} is not migrated (${why}).\n${MIGRATE_HINT}`);
  const ledger = await client.query(`SELECT to_regclass('"_portal_migrations"') AS t`);
  if (!ledger.rows[0]?.t) throw refuse("no migrations have been applied");
  const applied = new Set((await client.query<{ name: string }>(`SELECT "name" FROM "_portal_migrations"`)).rows.map((row) => row.name));
  const missing = listMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name).filter((name) => !applied.has(name));
  if (missing.length > 0) throw refuse(`pending migration(s): ${missing.join(", ")}`);
}

async function assertEmpty(client: pg.Client, display: string): Promise<void> {
  const { rows } = await client.query<{ units: number; users: number }>(
    `SELECT (SELECT COUNT(*) FROM "Unit")::int AS units, (SELECT COUNT(*) FROM "User")::int AS users`,
  );
  const { units = 0, users = 0 } = rows[0] ?? {};
  if (units > 0 || users > 0) {
    throw new SeedLargeError(`Database ${display} already holds ${units} unit(s) and ${users} account(s); seed:large only fills an empty database.\n${MIGRATE_HINT}`);
  }
}

/** Sends `rows` in statements of BATCH_ROWS: `sql` receives one array parameter per column. */
async function insertInBatches<T>(client: pg.Client, rows: Iterable<T>, sql: string, columns: Array<(row: T) => unknown>, onBatch: (written: number) => void): Promise<number> {
  let batch: T[] = [];
  let written = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(sql, columns.map((column) => batch.map(column)));
    written += batch.length;
    onBatch(written);
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  return written;
}

const INSERT_UNITS = `INSERT INTO "Unit" ("id", "name", "code", "parentId", "path", "depth", "sortOrder", "createdAt", "updatedAt")
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::int[], $8::timestamp(3)[], $8::timestamp(3)[])`;
const INSERT_USERS = `INSERT INTO "User" ("id", "account", "name", "unitId", "role", "disabled", "passwordHash", "mustChangePassword",
  "passwordChangedAt", "createdAt", "updatedAt")
  SELECT id, account, name, unit, role, disabled, hash, false, NULL, at, at
  FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::"Role"[], $6::boolean[], $7::text[], $8::timestamp(3)[])
    AS t(id, account, name, unit, role, disabled, hash, at)`;
const INSERT_PROGRESS = `INSERT INTO "SectionProgress" ("userId", "materialSlug", "sectionSlug", "version", "readParagraphs", "readChars",
  "furthestIndex", "lastParagraphId", "activeSeconds", "lastViewId", "lastViewActive", "lastBeatAt", "completedAt", "completedVersion",
  "createdAt", "updatedAt")
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::int[], $10::text[],
    $11::int[], $12::timestamp(3)[], $13::timestamp(3)[], $14::text[], $15::timestamp(3)[], $16::timestamp(3)[])`;

const PROGRESS_COLUMNS: Array<(r: ProgressRow) => unknown> = [
  (r) => r.userId, (r) => r.materialSlug, (r) => r.sectionSlug, (r) => r.version, (r) => r.readParagraphs, (r) => r.readChars,
  (r) => r.furthestIndex, (r) => r.lastParagraphId, (r) => r.activeSeconds, (r) => r.lastViewId, (r) => r.lastViewActive,
  (r) => r.lastBeatAt, (r) => r.completedAt, (r) => r.completedVersion, (r) => r.createdAt, (r) => r.updatedAt,
];

// The ids of a unit and its ancestors, from its path "/1/4/9/" (what unit_chain_ids() reads).
const CHAIN = `CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from n."path"), '/')::int[]) AS a(id)`;
const COUNTED = `u."role" = 'READER' AND NOT u."disabled"`;
// The triggers' rules (migration 20261207091500_started_and_revised_completion): a section is started
// from a paragraph read or a minute of active time, completed while completedVersion = version.
const STARTED = `CASE WHEN p."readParagraphs" <> '[]' OR p."activeSeconds" >= 60 THEN 1 ELSE 0 END`;
const COMPLETED = `CASE WHEN p."completedVersion" = p."version" THEN 1 ELSE 0 END`;

/**
 * The counter tables computed from the rows, with the triggers' semantics: a reader's clock is their
 * latest beat; a material is complete (at the completion of its last section) once every section of
 * MaterialInfo is; unit rows hold the totals of the unit's whole subtree, over counted readers only.
 */
const REBUILD_COUNTERS = [
  `INSERT INTO "ReaderClock" ("userId", "lastBeatAt")
   SELECT "userId", MAX("lastBeatAt") FROM "SectionProgress" GROUP BY "userId"`,
  `INSERT INTO "ReaderMaterial" ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt")
   SELECT p."userId", p."materialSlug", SUM(${STARTED}), SUM(${COMPLETED}),
          CASE WHEN SUM(${COMPLETED}) >= mi."sectionCount" THEN MAX(CASE WHEN ${COMPLETED} = 1 THEN p."completedAt" END) END
   FROM "SectionProgress" p JOIN "MaterialInfo" mi ON mi."slug" = p."materialSlug"
   GROUP BY p."userId", p."materialSlug", mi."sectionCount"`,
  `INSERT INTO "UnitReaderCount" ("unitId", "readers")
   SELECT a.id, SUM(x.readers)::int
   FROM (SELECT u."unitId", COUNT(*) AS readers FROM "User" u WHERE ${COUNTED} GROUP BY u."unitId") x
   JOIN "Unit" n ON n."id" = x."unitId" ${CHAIN}
   GROUP BY a.id`,
  `INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
   SELECT a.id, x."materialSlug", x."sectionSlug", SUM(x.started)::int, SUM(x.completed)::int
   FROM (SELECT u."unitId", p."materialSlug", p."sectionSlug", SUM(${STARTED}) AS started, SUM(${COMPLETED}) AS completed
         FROM "SectionProgress" p JOIN "User" u ON u."id" = p."userId" WHERE ${COUNTED}
         GROUP BY u."unitId", p."materialSlug", p."sectionSlug") x
   JOIN "Unit" n ON n."id" = x."unitId" ${CHAIN}
   GROUP BY a.id, x."materialSlug", x."sectionSlug"`,
  `INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
   SELECT a.id, x."materialSlug", SUM(x.started)::int, SUM(x.completed)::int
   FROM (SELECT u."unitId", m."materialSlug", COUNT(CASE WHEN m."sectionsStarted" > 0 THEN 1 END) AS started, COUNT(m."completedAt") AS completed
         FROM "ReaderMaterial" m JOIN "User" u ON u."id" = m."userId" WHERE ${COUNTED}
         GROUP BY u."unitId", m."materialSlug") x
   JOIN "Unit" n ON n."id" = x."unitId" ${CHAIN}
   GROUP BY a.id, x."materialSlug"`,
  `INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
   SELECT a.id, x."materialSlug", x.day, SUM(x.completed)::int
   FROM (SELECT u."unitId", m."materialSlug", "china_day"(m."completedAt") AS day, COUNT(*) AS completed
         FROM "ReaderMaterial" m JOIN "User" u ON u."id" = m."userId" WHERE m."completedAt" IS NOT NULL AND ${COUNTED}
         GROUP BY u."unitId", m."materialSlug", "china_day"(m."completedAt")) x
   JOIN "Unit" n ON n."id" = x."unitId" ${CHAIN}
   GROUP BY a.id, x."materialSlug", x.day`,
];

async function setTriggers(client: pg.Client, enabled: boolean): Promise<void> {
  // Transactional DDL: a failed seeding rolls this back too, so the triggers are never left off.
  for (const table of TRIGGER_TABLES) await client.query(`ALTER TABLE "${table}" ${enabled ? "ENABLE" : "DISABLE"} TRIGGER USER`);
}

export type SeedLargePostgresOptions = SeedLargeOptions & { counters?: CounterMode };

/**
 * seedLarge for a postgresql:// DATABASE_URL: the same units, accounts and progress rows as on SQLite,
 * in one transaction (a failure leaves the database empty), the MaterialInfo row first so the server
 * finds nothing to rebuild at start, then the assignment of the material to the province.
 */
export async function seedLargePostgres(options: SeedLargePostgresOptions): Promise<SeedLargeSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
  const spec: SeedSpec = { users: options.users, seed: options.seed, now: options.now ?? new Date() };
  const display = displayUrl(options.databaseUrl);
  const mode = options.counters ?? "rebuild";
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await assertMigrated(client, display);
    const material = loadMaterial();
    const passwordHash = await hashPassword(options.password);
    const units = planUnits(spec);
    const admins = listAdmins(spec, units);
    await client.query("BEGIN");
    try {
      await client.query(`LOCK TABLE "Unit", "User" IN EXCLUSIVE MODE`);
      await assertEmpty(client, display);
      if (mode === "rebuild") await setTriggers(client, false);
      const sections = material.sections.map((section) => section.slug);
      await client.query(
        `INSERT INTO "MaterialInfo" ("slug", "sections", "sectionCount", "sectionVersions", "updatedAt") VALUES ($1, $2, $3, $4, $5::timestamp(3)) ON CONFLICT ("slug") DO NOTHING`,
        [material.slug, JSON.stringify(sections), sections.length, sectionVersionsJson(material.sections), isoTime(spec.now.getTime())],
      );
      await client.query(INSERT_UNITS, [
        units.map((u) => u.id), units.map((u) => u.name), units.map((u) => u.code), units.map((u) => u.parentId), units.map((u) => u.path),
        units.map((u) => u.depth), units.map((u) => u.sortOrder), units.map((_, index) => unitCreatedAt(spec, index)),
      ]);
      log(`units: ${units.length} written (${elapsed()} s)`);

      const total = spec.users + admins.length;
      const accounts = (function* (): Generator<PlannedAccount> {
        yield* listReaders(spec, units);
        yield* admins;
      })();
      await insertInBatches(
        client,
        accounts,
        INSERT_USERS,
        [(a) => a.id, (a) => a.account, (a) => a.name, (a) => a.unitId, (a) => a.role, (a) => a.disabled, () => passwordHash, (a) => a.createdAt],
        (written) => log(`accounts: ${written.toLocaleString("en-US")}/${total.toLocaleString("en-US")} (${elapsed()} s)`),
      );

      const readersByStatus: Record<ReaderStatus, number> = { "not-started": 0, "in-progress": 0, completed: 0 };
      const progressRows = await insertInBatches(client, listProgress(spec, material, units, readersByStatus), INSERT_PROGRESS, PROGRESS_COLUMNS, (written) => {
        if (written % (BATCH_ROWS * 10) === 0) log(`progress: ${written.toLocaleString("en-US")} rows (${elapsed()} s)`);
      });
      log(`progress: ${progressRows.toLocaleString("en-US")} rows (${elapsed()} s)`);
      if (mode === "rebuild") {
        for (const sql of REBUILD_COUNTERS) await client.query(sql);
        await setTriggers(client, true);
        log(`counters: rebuilt (${elapsed()} s)`);
      }
      // Explicit ids went into SERIAL columns: move the sequences past them for later inserts.
      await client.query(`SELECT setval(pg_get_serial_sequence('"Unit"', 'id'), (SELECT MAX("id") FROM "Unit"))`);
      await client.query(`SELECT setval(pg_get_serial_sequence('"User"', 'id'), (SELECT MAX("id") FROM "User"))`);
      const root = units[0];
      const systemAdmin = admins[0];
      const now = spec.now.getTime();
      if (root && systemAdmin) {
        await client.query(
          `INSERT INTO "Assignment" ("materialSlug", "unitId", "startDate", "dueDate", "createdById", "createdAt") VALUES ($1, $2, $3, $4, $5, $6::timestamp(3))`,
          [SEED_MATERIAL, root.id, chinaDate(now - 30 * DAY_MS), chinaDate(now + 14 * DAY_MS), systemAdmin.id, isoTime(now)],
        );
      }
      await client.query("COMMIT");
      // Fresh statistics, so the first queries of a benchmark are planned on the real row counts.
      await client.query("ANALYZE");
      const seconds = (performance.now() - started) / 1000;
      return { file: display, units: units.length, readers: spec.users, admins: admins.length, progressRows, readersByStatus, assignment: Boolean(root && systemAdmin), seconds };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}
