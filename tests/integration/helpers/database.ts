import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type TestDatabase = {
  url: string;
  /** The SQLite file (empty on PostgreSQL: tests that need the file run on SQLite only). */
  file: string;
  remove: () => void;
};

/** The database the integration tests run on: TEST_DATABASE=postgresql selects PostgreSQL (vitest project integration-pg). */
export const TEST_DATABASE = process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

/**
 * A fresh database with every committed migration applied, and DATABASE_URL pointed at it for this
 * test file.
 * - SQLite: a new file, migrated by the same command production uses (`prisma migrate deploy`).
 * - PostgreSQL: a copy of the template database that the project's global setup migrated with the
 *   production applier (tests/integration/postgres-setup.ts), so each file starts from the same schema
 *   in milliseconds; dropped by `remove`.
 */
export function createTestDatabase(): TestDatabase {
  if (TEST_DATABASE === "postgresql") return createPostgresCopy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-db-"));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: path.resolve(__dirname, "../../.."),
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  process.env.DATABASE_URL = url;
  return { url, file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** One statement on the server, synchronously, with nothing but Node.js (see run-sql.mjs). */
function runSql(adminUrl: string, sql: string): void {
  execFileSync(process.execPath, [path.join(__dirname, "run-sql.mjs"), adminUrl, sql], { stdio: "pipe" });
}

function createPostgresCopy(): TestDatabase {
  const adminUrl = process.env.POSTGRES_TEST_ADMIN_URL;
  const template = process.env.POSTGRES_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error("TEST_DATABASE=postgresql needs the integration-pg project's global setup (POSTGRES_TEST_TEMPLATE)");
  const name = `portal_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  runSql(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  process.env.DATABASE_URL = url;
  return { url, file: "", remove: () => runSql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * After rows were inserted with explicit ids (fixtures), moves PostgreSQL's id sequences past them,
 * as SQLite's AUTOINCREMENT does by itself, so the next insert without an id does not collide.
 */
export async function syncIdSequences(tables: string[]): Promise<void> {
  if (TEST_DATABASE !== "postgresql") return;
  const { getDb } = await import("@/lib/db");
  const db = await getDb();
  for (const table of tables) {
    await db.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST((SELECT MAX("id") FROM "${table}"), 1))`,
    );
  }
}
