// seed:large on PostgreSQL (scripts/seed-large/postgres.ts): the bulk "rebuild" of the counter
// tables must give exactly what the app's triggers give when the same rows go in with them on.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "@/lib/setup/migrate-postgres";
import { createPostgresDatabase, type PostgresDatabase } from "../helpers/postgres";

const USERS = 1500;
const SEED = 3;
const NOW = new Date("2026-11-29T12:00:00.000Z");
const PASSWORD = "Seed-Large-Test-1";

// Every derived table, in a stable order, as text (timestamps included).
const TABLES: Record<string, string> = {
  ReaderClock: `SELECT "userId", "lastBeatAt"::text FROM "ReaderClock" ORDER BY 1`,
  ReaderMaterial: `SELECT "userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt"::text FROM "ReaderMaterial" ORDER BY 1, 2`,
  UnitReaderCount: `SELECT "unitId", "readers" FROM "UnitReaderCount" WHERE "readers" <> 0 ORDER BY 1`,
  UnitMaterialCount: `SELECT "unitId", "materialSlug", "started", "completed" FROM "UnitMaterialCount" WHERE "started" <> 0 OR "completed" <> 0 ORDER BY 1, 2`,
  UnitSectionCount: `SELECT "unitId", "materialSlug", "sectionSlug", "started", "completed" FROM "UnitSectionCount" WHERE "started" <> 0 OR "completed" <> 0 ORDER BY 1, 2, 3`,
  UnitCompletionDay: `SELECT "unitId", "materialSlug", "day", "completed" FROM "UnitCompletionDay" WHERE "completed" <> 0 ORDER BY 1, 2, 3`,
};

const databases: PostgresDatabase[] = [];
const dumps: Array<Record<string, unknown[]>> = [];

async function seedAndDump(counters: "rebuild" | "triggers"): Promise<Record<string, unknown[]>> {
  const database = await createPostgresDatabase();
  databases.push(database);
  await migratePostgres({ connectionString: database.url });
  const { seedLargePostgres } = await import("@/scripts/seed-large/postgres");
  await seedLargePostgres({ databaseUrl: database.url, users: USERS, seed: SEED, password: PASSWORD, now: NOW, counters });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const dump: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(TABLES)) dump[name] = (await client.query(sql)).rows;
    const triggers = await client.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`);
    dump.disabledTriggers = triggers.rows;
    return dump;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dumps.push(await seedAndDump("rebuild"), await seedAndDump("triggers"));
}, 180_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe("seed:large on PostgreSQL", () => {
  it("leaves every trigger enabled", () => {
    expect(dumps[0]?.disabledTriggers).toEqual([]);
  });

  for (const table of Object.keys(TABLES)) {
    it(`builds ${table} as the triggers would`, () => {
      const [rebuilt, triggered] = dumps;
      expect(rebuilt?.[table]?.length).toBeGreaterThan(0);
      expect(rebuilt?.[table]).toEqual(triggered?.[table]);
    });
  }
});
