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
