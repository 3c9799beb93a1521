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

function runCli(url: string) {
  return spawnSync("npx", ["--no-install", "tsx", "scripts/db-migrate.ts"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
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
