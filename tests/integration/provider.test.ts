import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_DATABASE, type TestDatabase } from "./helpers/database";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(async () => {
  await (await import("@/lib/db")).closeDb();
  database.remove();
});

// Runs in both integration projects: proves each one really talks to the database it is named for.
describe(`the data layer on ${TEST_DATABASE}`, () => {
  it("picks the database from DATABASE_URL, for Prisma and the raw statements alike", async () => {
    const { getDb, getProvider } = await import("@/lib/db");
    const { queryRows } = await import("@/lib/sql");
    expect(getProvider()).toBe(TEST_DATABASE);
    const db = await getDb();
    const version = TEST_DATABASE === "postgresql" ? "SELECT version() AS v" : "SELECT 'SQLite ' || sqlite_version() AS v";
    const [viaPrisma] = await db.$queryRawUnsafe<Array<{ v: string }>>(version);
    expect(viaPrisma?.v).toMatch(TEST_DATABASE === "postgresql" ? /^PostgreSQL 1\d/ : /^SQLite 3\./);
    const [counted] = await queryRows<{ n: number; at: string }>(
      (await import("@/lib/generated/prisma/client")).Prisma.sql`SELECT COUNT(*) AS "n", MAX("createdAt") AS "at" FROM "SectionRevision"`,
    );
    // Counts come back as numbers and timestamps as Prisma's ISO text on both databases.
    expect(counted?.n).toBe(0);
    expect(counted?.at).toBeNull();
  });
});
