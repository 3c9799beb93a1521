import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type BackupResult = { file: string; bytes: number; tables: Record<string, number> };

/** Tables whose row counts the backup reports (and the restore test compares). */
const COUNTED_TABLES = ["Unit", "User", "SectionProgress", "Assignment", "AuditLog"];

function timestamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, "-");
}

/**
 * Copies a live SQLite database into `<dir>/portal-<timestamp>.db` with `VACUUM INTO`: one read
 * transaction, so the copy is a consistent snapshot even while the server keeps writing (WAL lets
 * the writers go on), compacted, and needing no WAL file of its own. The copy is opened and checked
 * (integrity_check) before it is reported.
 */
export function backupSqlite(databaseFile: string, dir: string, now = new Date()): BackupResult {
  if (!fs.existsSync(databaseFile)) throw new Error(`database file not found: ${databaseFile}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `portal-${timestamp(now)}.db`);
  if (fs.existsSync(file)) throw new Error(`backup file already exists: ${file}`);
  const source = new Database(databaseFile, { fileMustExist: true, readonly: true, timeout: 5000 });
  try {
    source.prepare("VACUUM INTO ?").run(file);
  } finally {
    source.close();
  }
  const copy = new Database(file, { fileMustExist: true, readonly: true });
  try {
    const check = copy.prepare("PRAGMA integrity_check").pluck().get();
    if (check !== "ok") throw new Error(`backup failed its integrity check: ${String(check)}`);
    const present = new Set(copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const tables = Object.fromEntries(
      COUNTED_TABLES.filter((t) => present.has(t)).map((t) => [t, copy.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]),
    );
    return { file, bytes: fs.statSync(file).size, tables };
  } finally {
    copy.close();
  }
}

export type PostgresBackupResult = { file: string; bytes: number; tablesWithData: number };

/** Thrown when the PostgreSQL client tools are not installed where the backup runs. */
export class MissingToolError extends Error {
  constructor(tool: string) {
    super(
      `${tool} not found on PATH: install the PostgreSQL client tools of the server's major version or newer ` +
        `(Debian/Ubuntu: apt-get install postgresql-client-15), or set PATH to include them`,
    );
    this.name = "MissingToolError";
  }
}

/**
 * libpq connection settings for a postgresql:// URL, with the password moved out of the command line
 * (where `ps` would show it) into PGPASSWORD.
 */
export function toLibpqTarget(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

function runTool(tool: string, args: string[], env: Record<string, string>): string {
  const run = spawnSync(tool, args, { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    if ((run.error as NodeJS.ErrnoException).code === "ENOENT") throw new MissingToolError(tool);
    throw new Error(`could not run ${tool}: ${run.error.message}`);
  }
  if (run.status !== 0) throw new Error(`${tool} failed (exit ${run.status}): ${run.stderr.trim()}`);
  return run.stdout;
}

/**
 * Dumps a PostgreSQL database into `<dir>/portal-<timestamp>.dump` with `pg_dump --format=custom`:
 * one snapshot transaction, so consistent while the instances keep writing, and everything needed to
 * restore — tables, triggers and functions, sequences, and the `_portal_migrations` ledger — in one
 * file for `pg_restore --clean --if-exists --no-owner -d <url> <file>`. The dump's table of contents
 * is read back (`pg_restore --list`) before it is reported.
 */
export function backupPostgres(url: string, dir: string, now = new Date()): PostgresBackupResult {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `portal-${timestamp(now)}.dump`);
  if (fs.existsSync(file)) throw new Error(`backup file already exists: ${file}`);
  const target = toLibpqTarget(url);
  try {
    runTool("pg_dump", ["--format=custom", `--file=${file}`, `--dbname=${target.dbname}`], target.env);
  } catch (error) {
    fs.rmSync(file, { force: true }); // never leave a partial dump that looks like a backup
    throw error;
  }
  const contents = runTool("pg_restore", ["--list", file], {});
  const tablesWithData = contents.split("\n").filter((line) => / TABLE DATA /.test(line)).length;
  if (tablesWithData === 0) throw new Error(`backup ${file} holds no table data: is DATABASE_URL the portal's database, and migrated?`);
  return { file, bytes: fs.statSync(file).size, tablesWithData };
}
