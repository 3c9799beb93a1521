// `npm run db:migrate` applies the migrations with the tool for the database DATABASE_URL names.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { listMigrations } from "@/lib/setup/migrate-postgres";
import { migrateDatabase } from "@/lib/setup/migrate";
import { createPostgresDatabase } from "../helpers/postgres";

const ROOT = path.resolve(__dirname, "../../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migrate-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runCli(url: string, options: { args?: string[]; env?: Record<string, string> } = {}) {
  return spawnSync("npx", ["--no-install", "tsx", "scripts/db-migrate.ts", ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_FIRST_RUN: "", ...options.env, DATABASE_URL: url },
    encoding: "utf8",
  });
}

function countUsers(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM "User"`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe("migrateDatabase", () => {
  it("applies Prisma's migrations to a SQLite file, then finds nothing to do", async () => {
    const file = path.join(dir, "portal.db");
    const first = await migrateDatabase({ url: `file:${file}` });
    expect(first).toEqual({ provider: "sqlite", summary: "SQLite migrations applied." });
    const db = new Database(file, { readonly: true });
    const applied = db.prepare(`SELECT COUNT(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`).pluck().get();
    db.close();
    expect(applied).toBe(fs.readdirSync(path.join(ROOT, "prisma/migrations")).filter((name) => /^\d/.test(name)).length);
    expect((await migrateDatabase({ url: `file:${file}` })).summary).toBe("SQLite database is up to date.");
  });

  it("applies the PostgreSQL migrations through the applier, then finds nothing to do", async () => {
    const database = await createPostgresDatabase();
    try {
      const count = listMigrations("prisma/postgres/migrations").length;
      expect(await migrateDatabase({ url: database.url })).toEqual({
        provider: "postgresql",
        summary: `Applied ${count} PostgreSQL migration(s); 0 were already applied.`,
      });
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "_portal_migrations"`);
      await client.end();
      expect(Number(rows[0]?.n)).toBe(count);
      // The command line, as `npm start` runs it.
      const again = runCli(database.url);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toContain(`PostgreSQL database is up to date (${count} migration(s) applied).`);
    } finally {
      await database.drop();
    }
  });

  it("refuses a URL that names neither database, and names the server it cannot reach", async () => {
    const bad = runCli("mysql://root@127.0.0.1/portal");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`db:migrate failed: DATABASE_URL must be a SQLite "file:" URL or a "postgresql://" URL, got "mysql:..."`);
    await expect(migrateDatabase({ url: "postgresql://postgres:secret@127.0.0.1:1/portal" })).rejects.toThrow(
      /^cannot migrate PostgreSQL at 127\.0\.0\.1:1\/portal: .*ECONNREFUSED/,
    );
  });
});

describe("npm run db:migrate on a SQLite database this deployment used before", () => {
  it("migrates a fresh clone's missing database and records that the deployment ran", () => {
    const file = path.join(dir, "fresh", "portal.db");
    const run = runCli(`file:${file}`);
    expect(run.status, run.stderr).toBe(0);
    expect(countUsers(file)).toBe(0);
    const marker = JSON.parse(fs.readFileSync(`${file}.deployed.json`, "utf8")) as { database: string; firstMigratedAt: string; lastMigratedAt: string };
    expect(marker.database).toBe(file);
    expect(Date.parse(marker.firstMigratedAt)).not.toBeNaN();
  });

  it("refuses to re-create a deleted or emptied database, naming the path, the backup and how to restore it", () => {
    const file = path.join(dir, "deployed", "portal.db");
    expect(runCli(`file:${file}`).status).toBe(0);
    fs.rmSync(file);

    const refused = runCli(`file:${file}`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`db:migrate failed: refusing to create a new, empty database at ${file}: the database file is missing`);
    expect(refused.stderr).toContain("npm run db:backup");
    expect(refused.stderr).toContain(`delete ${file}-wal and ${file}-shm`);
    expect(refused.stderr).toContain("PORTAL_FIRST_RUN=1");
    expect(fs.existsSync(file)).toBe(false);

    // An empty file in its place (SQLite creates one on open) is refused the same way.
    fs.writeFileSync(file, "");
    const empty = runCli(`file:${file}`);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain("the database file is empty");
    expect(fs.statSync(file).size).toBe(0);
  });

  it("names the newest backup in data/backups when there is one", () => {
    const file = path.join(dir, "with-backup", "portal.db");
    expect(runCli(`file:${file}`).status).toBe(0);
    const backups = path.join(ROOT, "data", "backups");
    const backup = path.join(backups, `portal-9999-12-31T23-59-59-999Z-${process.pid}.db`);
    fs.mkdirSync(backups, { recursive: true });
    fs.writeFileSync(backup, "");
    try {
      fs.rmSync(file);
      const refused = runCli(`file:${file}`);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`cp ${backup} ${file}`);
    } finally {
      fs.rmSync(backup, { force: true });
    }
  });

  it("creates a new database when asked for a first run (flag or PORTAL_FIRST_RUN=1), or for the demo's", () => {
    const file = path.join(dir, "restart", "portal.db");
    expect(runCli(`file:${file}`).status).toBe(0);
    fs.rmSync(file);
    const flagged = runCli(`file:${file}`, { args: ["--first-run"] });
    expect(flagged.status, flagged.stderr).toBe(0);
    expect(flagged.stdout).toContain(`First run requested: creating a new, empty database at ${file}`);
    fs.rmSync(file);
    expect(runCli(`file:${file}`, { env: { PORTAL_FIRST_RUN: "1" } }).status).toBe(0);

    // The demo: db:seed-demo marks its database, so `npm run demo` after rm data/portal.db starts over.
    const seeded = spawnSync("npm", ["run", "--silent", "db:seed-demo"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: `file:${file}` }, encoding: "utf8" });
    expect(seeded.status, seeded.stderr).toBe(0);
    expect(countUsers(file)).toBeGreaterThan(0);
    fs.rmSync(file);
    const demo = runCli(`file:${file}`);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toContain(`The demo database at ${file} is missing: creating a new one.`);
  });
});
