import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * A record, next to a SQLite database file and outside it, that this deployment has run on a
 * database at that path: `npm run db:migrate` (run by `npm start` and `npm run demo`) writes it after
 * migrating and checks it before, so that a database file deleted or lost (`rm data/portal.db`, a
 * volume not mounted) is not silently replaced by a new, empty one on the next start, which would
 * look like a working portal with every account and all progress gone. The ledger inside the database
 * (`_prisma_migrations`) cannot tell: it vanished with the file.
 *
 * PostgreSQL needs no marker: the portal never creates a PostgreSQL database (connecting to a missing
 * one fails, naming it), and its data does not live in a file beside the app.
 */
export type DeploymentMarker = {
  /** The database file, absolute. */
  database: string;
  firstMigratedAt: string;
  lastMigratedAt: string;
  /** Set by `npm run db:seed-demo` when it seeded: a demo database may be re-created without asking. */
  demo?: boolean;
};

/** Where the marker of a database file lives: beside it, `<file>.deployed.json`. */
export function getMarkerPath(databaseFile: string): string {
  return `${databaseFile}.deployed.json`;
}

/** The marker of a database file, or null when there is none (a fresh clone or a new deployment). */
export function readMarker(databaseFile: string): DeploymentMarker | null {
  const file = getMarkerPath(databaseFile);
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as DeploymentMarker;
  } catch {
    // Unreadable, but it is there: the deployment ran before all the same.
    return { database: databaseFile, firstMigratedAt: "unknown", lastMigratedAt: "unknown" };
  }
}

function writeMarker(databaseFile: string, marker: DeploymentMarker): void {
  const file = getMarkerPath(databaseFile);
  // Written whole, then renamed: a crash never leaves half a marker.
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** Records a successful migration of the database file (creating the marker the first time). */
export function recordMigrated(databaseFile: string, now = new Date()): void {
  const previous = readMarker(databaseFile);
  const at = now.toISOString();
  writeMarker(databaseFile, { ...previous, database: databaseFile, firstMigratedAt: previous?.firstMigratedAt ?? at, lastMigratedAt: at });
}

/** Marks the database file as the demo's (only where db:migrate made a marker; test databases have none). */
export function markDemo(databaseFile: string): void {
  const previous = readMarker(databaseFile);
  if (previous) writeMarker(databaseFile, { ...previous, demo: true });
}

/** "missing" (no file), "empty" (a file without any table: SQLite made it, nobody migrated it), or null. */
export function getEmptiness(databaseFile: string): "missing" | "empty" | null {
  if (!fs.existsSync(databaseFile)) return "missing";
  if (fs.statSync(databaseFile).size === 0) return "empty";
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number;
    return tables === 0 ? "empty" : null;
  } finally {
    db.close();
  }
}

/** The newest `npm run db:backup` copy in `dir`, or null. */
function findNewestBackup(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  const backups = fs.readdirSync(dir).filter((name) => /^portal-.*\.db$/.test(name)).sort();
  const newest = backups.at(-1);
  return newest ? path.join(dir, newest) : null;
}

/** Thrown when db:migrate would silently create a new database in place of one this deployment used. */
export class LostDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LostDatabaseError";
  }
}

export type StartCheckOptions = {
  databaseFile: string;
  /** PORTAL_FIRST_RUN=1 or `--first-run`: an empty database is what the operator wants. */
  firstRun: boolean;
  /** Where `npm run db:backup` puts its copies (data/backups by default), to name the newest. */
  backupDir: string;
  log?: (line: string) => void;
};

/**
 * Before migrating a SQLite database: throws LostDatabaseError when the file is missing or empty
 * while a marker shows this deployment ran on it before, unless the operator asked for a first run
 * or the database was the demo's. The message names the path, the backup command and how to restore.
 */
export function checkDatabaseBeforeMigrate(options: StartCheckOptions): void {
  const { databaseFile, firstRun, backupDir, log = () => {} } = options;
  const marker = readMarker(databaseFile);
  const emptiness = getEmptiness(databaseFile);
  if (!marker || !emptiness) return;
  if (firstRun) {
    log(`First run requested: creating a new, empty database at ${databaseFile} (the previous one is ${emptiness}).`);
    return;
  }
  if (marker.demo) {
    log(`The demo database at ${databaseFile} is ${emptiness}: creating a new one.`);
    return;
  }
  const newest = findNewestBackup(backupDir);
  const restore = newest
    ? `copy the newest backup over it: cp ${newest} ${databaseFile}`
    : `copy a backup over it (npm run db:backup writes them to ${backupDir}; none is there): cp <backup>.db ${databaseFile}`;
  throw new LostDatabaseError(
    [
      `refusing to create a new, empty database at ${databaseFile}: the database file is ${emptiness === "missing" ? "missing" : "empty"}, ` +
        `but this deployment has run on a database there (first migrated ${marker.firstMigratedAt}, last ${marker.lastMigratedAt}; ` +
        `record: ${getMarkerPath(databaseFile)}). Starting now would look like a working portal with every account and all progress gone.`,
      "If the file was deleted, moved or is on a volume that is not mounted, restore it before starting:",
      "  1. stop the portal;",
      `  2. ${restore};`,
      `  3. delete ${databaseFile}-wal and ${databaseFile}-shm if they are there;`,
      "  4. start the portal again (npm start).",
      "Backups are made with `npm run db:backup` (README, Backups).",
      "To start over with an empty database on purpose, run once with PORTAL_FIRST_RUN=1 (PORTAL_FIRST_RUN=1 npm start) or `npm run db:migrate -- --first-run`.",
    ].join("\n"),
  );
}
