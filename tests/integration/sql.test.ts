import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/database";
import { insertUnit } from "./helpers/fixtures";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(async () => {
  (await import("@/lib/sql")).closeSqlConnection();
  database.remove();
});

async function lib() {
  const [sql, { getDb }, { Prisma }] = await Promise.all([import("@/lib/sql"), import("@/lib/db"), import("@/lib/generated/prisma/client")]);
  return { ...sql, db: await getDb(), Prisma };
}

describe("the hot path's direct connection (lib/sql.ts)", () => {
  it("reads and writes the same rows as Prisma, storing dates in Prisma's format", async () => {
    const { db, Prisma, queryRows, executeStatement } = await lib();
    const unit = await insertUnit(db, "直连单位", "SQL-1");
    const when = new Date("2026-03-04T05:06:07.089Z");
    const changed = await executeStatement(Prisma.sql`UPDATE "Unit" SET "name" = ${"改名单位"}, "updatedAt" = ${when} WHERE "id" = ${unit.id}`);
    expect(changed).toBe(1);
    const rows = await queryRows<{ name: string; updatedAt: string }>(Prisma.sql`SELECT "name", "updatedAt" FROM "Unit" WHERE "id" = ${unit.id}`);
    expect(rows).toEqual([{ name: "改名单位", updatedAt: "2026-03-04T05:06:07.089+00:00" }]);
    const viaPrisma = await db.unit.findUniqueOrThrow({ where: { id: unit.id }, select: { name: true, updatedAt: true } });
    expect(viaPrisma).toEqual({ name: "改名单位", updatedAt: when });
  });

  it("waits for another connection's write lock without blocking the event loop, then writes", async () => {
    const { db, Prisma, executeStatement, queryRows } = await lib();
    const unit = await insertUnit(db, "锁等待单位", "SQL-2");
    const other = new Database(database.file);
    other.exec("BEGIN IMMEDIATE");
    other.prepare('UPDATE "Unit" SET "name" = ? WHERE "id" = ?').run("另一连接", unit.id);
    const pending = executeStatement(Prisma.sql`UPDATE "Unit" SET "code" = ${"SQL-2-B"} WHERE "id" = ${unit.id}`);
    // The event loop keeps turning while the statement waits: a timer fires before the lock is released.
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        ticks += 1;
        if (ticks === 5) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    other.exec("COMMIT");
    other.close();
    expect(await pending).toBe(1);
    const rows = await queryRows<{ name: string; code: string }>(Prisma.sql`SELECT "name", "code" FROM "Unit" WHERE "id" = ${unit.id}`);
    // Both writes are there: the waiting one did not overwrite the other's change, nor was it lost.
    expect(rows).toEqual([{ name: "另一连接", code: "SQL-2-B" }]);
  });

  it("reports errors other than a busy database at once", async () => {
    const { Prisma, executeStatement } = await lib();
    const started = Date.now();
    await expect(executeStatement(Prisma.sql`INSERT INTO "Unit" ("id", "name") VALUES (${1}, ${null})`)).rejects.toThrow(/constraint/i);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("refuses values SQLite cannot store rather than storing them mangled", async () => {
    const { Prisma, executeStatement } = await lib();
    await expect(executeStatement(Prisma.sql`UPDATE "Unit" SET "name" = ${{ nested: true }} WHERE "id" = ${-1}`)).rejects.toThrow(/cannot bind/);
  });
});
