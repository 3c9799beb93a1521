import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Applies the committed PostgreSQL migrations (prisma/postgres/migrations/<name>/migration.sql).
 * Prisma 6.19's WebAssembly schema engine cannot apply migrations to PostgreSQL, and the maintained
 * appliers on npm each miss part of what several instances starting together need
 * (docs/postgresql.md), so this is the small applier:
 * - applied migrations are recorded in _portal_migrations with the SHA-256 of their file;
 * - a session advisory lock is held while applying: a second applier waits, then finds nothing to do;
 * - each migration runs in its own transaction with its record, so a failing one leaves nothing
 *   half-applied and stops the run;
 * - a recorded migration whose file changed, or that no longer exists, is refused by name.
 */

export const POSTGRES_MIGRATIONS_DIR = "prisma/postgres/migrations";

/** Key of the advisory lock that serializes appliers (any fixed bigint; this spells "xxyd-mig"). */
const LOCK_KEY = "8680821752922466663";

const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS "_portal_migrations" (
  "name" text PRIMARY KEY,
  "checksum" text NOT NULL,
  "applied_at" timestamptz NOT NULL DEFAULT now()
)`;

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigratePostgresOptions = { connectionString: string; dir?: string; log?: (line: string) => void };
export type MigratePostgresResult = { applied: string[]; upToDate: string[] };

/** Stops a run with a message naming the migration at fault. */
export class MigrationError extends Error {
  constructor(readonly migration: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/** The migrations of a folder, in name order: each subfolder holding a migration.sql. */
export function listMigrations(dir: string): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}

/** Refuses anything but a postgres URL, so a SQLite DATABASE_URL never reaches the pg driver. */
export function assertPostgresUrl(url: string | undefined): string {
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`DATABASE_URL must be a postgresql:// URL to migrate PostgreSQL, got ${url ? `"${url.split(":")[0]}:..."` : "nothing"}`);
  }
  return url;
}

/** The recorded migrations that pass the checks, and the pending ones in name order. */
function plan(files: MigrationFile[], recorded: Map<string, string>): { pending: MigrationFile[]; upToDate: string[] } {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const [name, checksum] of recorded) {
    const file = byName.get(name);
    if (!file) {
      throw new MigrationError(name, `Migration "${name}" is recorded as applied but its file is missing: is this an older version of the portal than the database?`);
    }
    if (file.checksum !== checksum) {
      throw new MigrationError(name, `Migration "${name}" was edited after it was applied (recorded sha256 ${checksum.slice(0, 12)}…, file ${file.checksum.slice(0, 12)}…): restore the file and add a new migration instead.`);
    }
  }
  return { pending: files.filter((file) => !recorded.has(file.name)), upToDate: [...recorded.keys()] };
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query("BEGIN");
  try {
    // Simple-query protocol (no parameters): the file may hold many statements and $$ bodies.
    await client.query(file.sql);
    await client.query(`INSERT INTO "_portal_migrations" ("name", "checksum") VALUES ($1, $2)`, [file.name, file.checksum]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(file.name, `Migration "${file.name}" failed and was rolled back: ${reason}`, { cause: error });
  }
}

/** Applies every pending migration of `dir` to the database, one transaction each, under the lock. */
export async function migratePostgres(options: MigratePostgresOptions): Promise<MigratePostgresResult> {
  const files = listMigrations(options.dir ?? POSTGRES_MIGRATIONS_DIR);
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: assertPostgresUrl(options.connectionString) });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [LOCK_KEY]);
    try {
      await client.query(LEDGER_DDL);
      const rows = await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_portal_migrations"`);
      const { pending, upToDate } = plan(files, new Map(rows.rows.map((row) => [row.name, row.checksum])));
      const applied: string[] = [];
      for (const file of pending) {
        log(`applying ${file.name}`);
        await applyOne(client, file);
        applied.push(file.name);
      }
      return { applied, upToDate };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
