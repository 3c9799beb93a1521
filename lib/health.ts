import "server-only";
import type { DatabaseProvider } from "./database-url";
import { listMaterials } from "./content";
import { getDb, getProvider } from "./db";
import type { PrismaClient } from "./generated/prisma/client";

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
    error?: string;
  };
  content: { materials: number; sections: number };
};

type PragmaRow = Record<string, unknown>;
type DatabaseDetails = Omit<HealthReport["database"], "status" | "provider" | "sectionRevisions" | "latencyMs" | "error">;

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

/** Checks that the database answers and is configured as expected; never throws. */
export async function getHealthReport(): Promise<HealthReport> {
  const materials = listMaterials();
  const content = { materials: materials.length, sections: materials.reduce((n, m) => n + m.sections.length, 0) };
  const app = { name: "xuexi-yuandi", uptimeSeconds: Math.round(process.uptime()) };
  let provider: DatabaseProvider = "sqlite";
  try {
    provider = getProvider();
    const db = await getDb();
    const latencyMs = await measureLatency(db);
    const details = provider === "postgresql" ? await getPostgresDetails(db) : await getSqliteDetails(db);
    const sectionRevisions = await db.sectionRevision.count();
    return { status: "ok", app, database: { status: "ok", provider, ...details, sectionRevisions, latencyMs }, content };
  } catch (error) {
    console.error("[health] database check failed:", error);
    return {
      status: "error",
      app,
      database: { status: "error", provider, error: "database unavailable (see server log)" },
      content,
    };
  }
}
