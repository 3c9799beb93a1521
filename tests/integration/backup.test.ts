// npm run db:backup: a consistent copy of the live database (taken while another connection keeps
// writing), which restores by copying it into place and passes Prisma's migration check.
// PostgreSQL's backup and restore: tests/integration/setup/backup-postgres.test.ts.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/database";
import { insertUnit } from "./helpers/fixtures";

const ROOT = path.resolve(__dirname, "../..");
let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

describe("database backup and restore", () => {
  it("copies a consistent snapshot while writes go on, and the copy restores", async () => {
    const { getDb } = await import("@/lib/db");
    const { backupSqlite } = await import("@/lib/setup/backup");
    const db = await getDb();
    const unit = await insertUnit(db, "备份单位", "BK");
    // Another process writes accounts in transactions of 50 throughout the backup.
    const script = `
      const Database = require("better-sqlite3");
      const db = new Database(process.argv[1]);
      db.pragma("busy_timeout = 5000");
      const insert = db.prepare('INSERT INTO "User" ("account", "name", "unitId", "passwordHash", "updatedAt") VALUES (?, ?, ?, \\'x\\', ?)');
      const batch = db.transaction((n) => { for (let i = 0; i < 50; i++) insert.run("bk-" + n + "-" + i, "备份", ${unit.id}, new Date().toISOString()); });
      const end = Date.now() + 1500;
      for (let n = 0; Date.now() < end; n++) batch(n);
    `;
    const child = spawn(process.execPath, ["-e", script, database.file], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const count = () => (db.$queryRawUnsafe<Array<{ n: bigint | number }>>(`SELECT COUNT(*) AS n FROM "User"`)).then((rows) => Number(rows[0]?.n));
    // Wait until the writer is under way, then back up in the middle of its run.
    while ((await count()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = await count();
    const dir = path.join(path.dirname(database.file), "backups");
    const result = backupSqlite(database.file, dir);
    expect(await exited, stderr).toBe(0);
    const after = await count();
    expect(after).toBeGreaterThan(result.tables.User!);

    expect(path.basename(result.file)).toMatch(/^portal-\d{4}-\d\d-\d\dT[\d-]+Z\.db$/);
    // A snapshot: whole transactions of 50 only, taken while the writer was still going.
    expect(result.tables.User! % 50).toBe(0);
    expect(result.tables.User).toBeGreaterThanOrEqual(before);
    expect(result.tables.User).toBeLessThanOrEqual(after);

    // Restore = copy the file into place (server stopped); Prisma finds every migration applied.
    const restored = path.join(path.dirname(database.file), "restored.db");
    fs.copyFileSync(result.file, restored);
    const status = spawnSync("npx", ["prisma", "migrate", "status"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: `file:${restored}` }, encoding: "utf8" });
    expect(status.stdout + status.stderr).toMatch(/Database schema is up to date/);
    const copy = new Database(restored, { readonly: true });
    expect(copy.prepare(`SELECT COUNT(*) FROM "User"`).pluck().get()).toBe(result.tables.User);
    expect(copy.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    copy.close();
  });

  it("is a command that reports the file", () => {
    const dir = path.join(path.dirname(database.file), "cli-backups");
    const ok = execFileSync("npx", ["tsx", "scripts/db-backup.ts", "--dir", dir], { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url }, encoding: "utf8" });
    expect(ok).toMatch(/^Backup written: .*portal-.*\.db \(\d+ KiB; Unit \d+, User \d+.*\); integrity check ok\.$/m);
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });
});
