// The PostgreSQL migration applier against a real server: bookkeeping, refusing edited migrations,
// rolling back a failing one, and two appliers started together.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MigrationError, listMigrations, migratePostgres } from "@/lib/setup/migrate-postgres";
import { createPostgresDatabase, type PostgresDatabase } from "../helpers/postgres";

let database: PostgresDatabase;
let dir: string;

beforeEach(async () => {
  database = await createPostgresDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-migrations-"));
});
afterEach(async () => {
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeMigration(name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const tables = async () =>
  (await query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map((r) => r.table_name);

describe("migratePostgres", () => {
  it("applies the committed migrations in name order, records them, and applies nothing the second time", async () => {
    const first = await migratePostgres({ connectionString: database.url });
    const committed = listMigrations("prisma/postgres/migrations").map((m) => m.name);
    expect(committed.length).toBeGreaterThan(0);
    expect(first).toEqual({ applied: committed, upToDate: [] });
    const recorded = await query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_portal_migrations" ORDER BY "name"`);
    expect(recorded).toEqual(listMigrations("prisma/postgres/migrations").map(({ name, checksum }) => ({ name, checksum })));
    expect(await tables()).toEqual(expect.arrayContaining(["User", "Unit", "SectionProgress", "UnitSectionCount"]));

    const second = await migratePostgres({ connectionString: database.url });
    expect(second).toEqual({ applied: [], upToDate: committed });
  });

  it("applies in name order, not in the order the folders were written", async () => {
    writeMigration("002_second", `INSERT INTO "log" VALUES ('second');`);
    writeMigration("001_first", `CREATE TABLE "log" ("what" text); INSERT INTO "log" VALUES ('first');`);
    expect((await migratePostgres({ connectionString: database.url, dir })).applied).toEqual(["001_first", "002_second"]);
    expect(await query(`SELECT "what" FROM "log"`)).toEqual([{ what: "first" }, { what: "second" }]);
  });

  it("refuses a migration edited after it was applied, naming it", async () => {
    writeMigration("001_table", `CREATE TABLE "a" ("id" integer);`);
    await migratePostgres({ connectionString: database.url, dir });
    writeMigration("001_table", `CREATE TABLE "a" ("id" bigint);`);
    writeMigration("002_more", `CREATE TABLE "b" ("id" integer);`);
    const run = migratePostgres({ connectionString: database.url, dir });
    await expect(run).rejects.toThrow(/Migration "001_table" was edited after it was applied/);
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    expect(await tables()).not.toContain("b");
  });

  it("refuses a database that recorded a migration this version does not have", async () => {
    writeMigration("001_table", `CREATE TABLE "a" ("id" integer);`);
    await migratePostgres({ connectionString: database.url, dir });
    fs.rmSync(path.join(dir, "001_table"), { recursive: true });
    await expect(migratePostgres({ connectionString: database.url, dir })).rejects.toThrow(/"001_table" is recorded as applied but its file is missing/);
  });

  it("rolls a failing migration back entirely and stops there", async () => {
    writeMigration("001_ok", `CREATE TABLE "a" ("id" integer);`);
    writeMigration("002_broken", `CREATE TABLE "b" ("id" integer);\nINSERT INTO "a" VALUES (1);\nSELECT no_such_function();`);
    writeMigration("003_after", `CREATE TABLE "c" ("id" integer);`);
    await expect(migratePostgres({ connectionString: database.url, dir })).rejects.toThrow(/Migration "002_broken" failed and was rolled back: .*no_such_function/);
    expect(await tables()).toEqual(["_portal_migrations", "a"]);
    expect(await query(`SELECT count(*)::int AS n FROM "a"`)).toEqual([{ n: 0 }]);
    expect(await query(`SELECT "name" FROM "_portal_migrations"`)).toEqual([{ name: "001_ok" }]);

    // Fixed, the run goes on from the failed migration.
    writeMigration("002_broken", `CREATE TABLE "b" ("id" integer);`);
    expect((await migratePostgres({ connectionString: database.url, dir })).applied).toEqual(["002_broken", "003_after"]);
  });

  it("applies each migration exactly once when two appliers start together", async () => {
    // Not idempotent (a second CREATE TABLE would fail) and slow enough for the runs to overlap.
    writeMigration("001_slow", `SELECT pg_sleep(0.5); CREATE TABLE "once" ("id" integer);`);
    writeMigration("002_count", `INSERT INTO "once" VALUES (1);`);
    const results = await Promise.all([
      migratePostgres({ connectionString: database.url, dir }),
      migratePostgres({ connectionString: database.url, dir }),
    ]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 2]);
    expect(results.find((r) => r.applied.length === 0)!.upToDate.sort()).toEqual(["001_slow", "002_count"]);
    expect(await query(`SELECT count(*)::int AS n FROM "once"`)).toEqual([{ n: 1 }]);
  });

  it("refuses a DATABASE_URL that is not PostgreSQL", async () => {
    await expect(migratePostgres({ connectionString: "file:./data/portal.db", dir })).rejects.toThrow(/must be a postgresql:\/\/ URL/);
  });
});
