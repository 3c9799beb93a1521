import "server-only";
import fs from "node:fs";
import { resolveSqlitePath, type DatabaseProvider } from "./database-url";
import { listBuiltInMaterials } from "./content";
import { getDb, getProvider } from "./db";
import { DATABASE_FAILURE_DESCRIPTIONS, DatabaseUnavailableError, classifyDatabaseError, describeErrorForLog, type DatabaseFailureCause } from "./db-errors";
import { checkDatabaseFiles } from "./db-file";
import { getEnv } from "./env";
import { Prisma, type PrismaClient } from "./generated/prisma/client";
import { executeStatement } from "./sql";

export type HealthReport = {
  status: "ok" | "error";
  app: { name: string; uptimeSeconds: number };
  database: {
    status: "ok" | "error";
    provider: DatabaseProvider;
    /** SQLite only: the connection settings lib/db.ts applies. */
    journalMode?: string;
    foreignKeys?: boolean;
    /** From `_prisma_migrations` (SQLite) or the applier's `_portal_migrations` (PostgreSQL). */
    migrationsApplied?: number;
    latestMigration?: string | null;
    sectionRevisions?: number;
    /** Round trip of a trivial query (`SELECT 1`). */
    latencyMs?: number;
    /** The heartbeat write succeeded (at most WRITE_PROBE_INTERVAL_MS ago). */
    writable?: boolean;
    /** Why the database is failing, when the portal can tell (lib/db-errors.ts). */
    cause?: DatabaseFailureCause;
    error?: string;
  };
  content: { materials: number; sections: number };
};

type PragmaRow = Record<string, unknown>;
type DatabaseDetails = Pick<HealthReport["database"], "journalMode" | "foreignKeys" | "migrationsApplied" | "latestMigration">;

/**
 * The write probe runs at most this often per process: monitors and load balancers may poll health
 * every second, and one row rewritten every few seconds is what the check costs.
 */
export const WRITE_PROBE_INTERVAL_MS = 5_000;

type WriteProbe = { at: number; failure: unknown };
const probeHolder = globalThis as typeof globalThis & { __portalWriteProbe?: WriteProbe };

async function getSqliteDetails(db: PrismaClient): Promise<DatabaseDetails> {
  const [journal] = await db.$queryRawUnsafe<PragmaRow[]>("PRAGMA journal_mode");
  const [fk] = await db.$queryRawUnsafe<PragmaRow[]>("PRAGMA foreign_keys");
  const migrations = await db.$queryRawUnsafe<Array<{ name: string }>>(
    `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return {
    journalMode: String(journal?.journal_mode ?? ""),
    foreignKeys: Number(fk?.foreign_keys ?? 0) === 1,
    migrationsApplied: migrations.length,
    latestMigration: migrations.at(-1)?.name ?? null,
  };
}

async function getPostgresDetails(db: PrismaClient): Promise<DatabaseDetails> {
  // The applier records a migration in the same transaction that applies it: every row is complete.
  const migrations = await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT "name" FROM "_portal_migrations" ORDER BY "name"`);
  return { migrationsApplied: migrations.length, latestMigration: migrations.at(-1)?.name ?? null };
}

async function measureLatency(db: PrismaClient): Promise<number> {
  const started = performance.now();
  await db.$queryRawUnsafe("SELECT 1");
  return Math.round((performance.now() - started) * 10) / 10;
}

/**
 * Proves the database takes writes: rewrites the one Heartbeat row, through the hot path's connection
 * (the one reading beats use). The outcome, success or failure, is reused for WRITE_PROBE_INTERVAL_MS.
 */
async function probeWrite(): Promise<void> {
  const now = Date.now();
  const last = probeHolder.__portalWriteProbe;
  if (!last || now - last.at >= WRITE_PROBE_INTERVAL_MS) {
    let failure: unknown = null;
    try {
      await executeStatement(Prisma.sql`
        INSERT INTO "Heartbeat" ("id", "beatAt") VALUES (1, ${new Date(now)})
        ON CONFLICT ("id") DO UPDATE SET "beatAt" = excluded."beatAt"`);
    } catch (error) {
      failure = error;
    }
    probeHolder.__portalWriteProbe = { at: now, failure };
  }
  const { failure } = probeHolder.__portalWriteProbe ?? { failure: null };
  if (failure) throw failure;
}

/** Forgets the last write probe, so the next health check writes again (tests). */
export function resetWriteProbe(): void {
  probeHolder.__portalWriteProbe = undefined;
}

/** Why the database failed, for the answer: a file missing at its path says so even before any connection opened. */
function getFailureCause(error: unknown, provider: DatabaseProvider): DatabaseFailureCause | undefined {
  const cause = classifyDatabaseError(error);
  if (provider === "sqlite" && (cause === null || cause === "unreachable")) {
    const file = resolveSqlitePath(getEnv().DATABASE_URL);
    if (!fs.existsSync(file)) return "file_missing";
  }
  return cause ?? undefined;
}

/** Checks that the database answers, takes writes and is configured as expected; never throws. */
export async function getHealthReport(): Promise<HealthReport> {
  // The deployed content/ folder; materials published from the browser live in the database.
  const materials = listBuiltInMaterials();
  const content = { materials: materials.length, sections: materials.reduce((n, m) => n + m.sections.length, 0) };
  const app = { name: "xuexi-yuandi", uptimeSeconds: Math.round(process.uptime()) };
  let provider: DatabaseProvider = "sqlite";
  try {
    provider = getProvider();
    // A SQLite file deleted or replaced under the server: its connections still work, on the wrong file.
    const fileProblem = provider === "sqlite" ? checkDatabaseFiles() : null;
    if (fileProblem) throw new DatabaseUnavailableError(fileProblem);
    const db = await getDb();
    const latencyMs = await measureLatency(db);
    const details = provider === "postgresql" ? await getPostgresDetails(db) : await getSqliteDetails(db);
    const sectionRevisions = await db.sectionRevision.count();
    await probeWrite();
    return { status: "ok", app, database: { status: "ok", provider, ...details, sectionRevisions, latencyMs, writable: true }, content };
  } catch (error) {
    const cause = getFailureCause(error, provider);
    // The description names no path or value: this answer is public.
    const description = cause ? DATABASE_FAILURE_DESCRIPTIONS[cause] : "database unavailable (see server log)";
    console.error(`[health] database check failed: ${description}; ${describeErrorForLog(error)}`);
    return { status: "error", app, database: { status: "error", provider, cause, error: description }, content };
  }
}
