// The health report on the database this project runs on (SQLite in `integration`, PostgreSQL in
// `integration-pg`): provider, migrations as its own ledger records them, and a measured round trip.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations } from "@/lib/setup/migrate-postgres";
import { createTestDatabase, TEST_DATABASE, type TestDatabase } from "./helpers/database";

const ROOT = path.resolve(__dirname, "../..");
let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  database.remove();
});

function committedMigrations(): string[] {
  if (TEST_DATABASE === "postgresql") return listMigrations(path.join(ROOT, "prisma/postgres/migrations")).map((m) => m.name);
  return fs.readdirSync(path.join(ROOT, "prisma/migrations")).filter((name) => /^\d{14}_/.test(name)).sort();
}

describe(`GET /api/health on ${TEST_DATABASE}`, () => {
  it("names the provider, the applied and latest migration, and the latency of a trivial query", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; database: Record<string, unknown> };
    expect(body.status).toBe("ok");
    const migrations = committedMigrations();
    expect(body.database).toMatchObject({
      status: "ok",
      provider: TEST_DATABASE,
      migrationsApplied: migrations.length,
      latestMigration: migrations.at(-1),
    });
    expect(body.database.latencyMs).toEqual(expect.any(Number));
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    if (TEST_DATABASE === "sqlite") {
      expect(body.database).toMatchObject({ journalMode: "wal", foreignKeys: true });
    } else {
      // SQLite's pragmas mean nothing on PostgreSQL and are left out rather than faked.
      expect(body.database).not.toHaveProperty("journalMode");
      expect(body.database).not.toHaveProperty("foreignKeys");
    }
  });
});
