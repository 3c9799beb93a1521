import "server-only";
import { listMaterials } from "./content";
import { getDb } from "./db";

export type HealthReport = {
  status: "ok" | "error";
  app: { name: string; uptimeSeconds: number };
  database: {
    status: "ok" | "error";
    provider: "sqlite";
    journalMode?: string;
    foreignKeys?: boolean;
    migrationsApplied?: number;
    latestMigration?: string | null;
    sectionRevisions?: number;
    latencyMs?: number;
    error?: string;
  };
  content: { materials: number; sections: number };
};

type PragmaRow = Record<string, unknown>;

/** Checks that the database answers and is configured as expected; never throws. */
export async function getHealthReport(): Promise<HealthReport> {
  const materials = listMaterials();
  const content = { materials: materials.length, sections: materials.reduce((n, m) => n + m.sections.length, 0) };
  const app = { name: "xuexi-yuandi", uptimeSeconds: Math.round(process.uptime()) };
  const started = performance.now();
  try {
    const db = await getDb();
    const [journal] = await db.$queryRawUnsafe<PragmaRow[]>("PRAGMA journal_mode");
    const [fk] = await db.$queryRawUnsafe<PragmaRow[]>("PRAGMA foreign_keys");
    const migrations = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const sectionRevisions = await db.sectionRevision.count();
    return {
      status: "ok",
      app,
      database: {
        status: "ok",
        provider: "sqlite",
        journalMode: String(journal?.journal_mode ?? ""),
        foreignKeys: Number(fk?.foreign_keys ?? 0) === 1,
        migrationsApplied: migrations.length,
        latestMigration: migrations.at(-1)?.migration_name ?? null,
        sectionRevisions,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
      },
      content,
    };
  } catch (error) {
    console.error("[health] database check failed:", error);
    return {
      status: "error",
      app,
      database: { status: "error", provider: "sqlite", error: "database unavailable (see server log)" },
      content,
    };
  }
}
