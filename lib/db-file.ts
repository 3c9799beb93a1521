import "server-only";
import fs from "node:fs";
import { DatabaseUnavailableError, type DatabaseFailureCause } from "./db-errors";

/**
 * Notices a SQLite database file deleted or replaced under the running process. An open connection
 * keeps writing to the file it opened even after `rm data/portal.db` (the data then lives in an
 * unlinked inode that vanishes at exit) or after another file was put at its path (a restore while
 * serving): every write would be acknowledged and lost. So each connection records the identity
 * (device and inode) of the file it opened, and writes and the health check compare it with what is
 * at the path now. Moving the file away and back is harmless and passes again.
 */

type OpenFile = { file: string; dev: number; ino: number };

// Kept on globalThis, like the connections themselves (lib/db.ts), so `next dev` reloads share it.
const holder = globalThis as typeof globalThis & { __portalDbFiles?: Map<string, OpenFile> };
const openFiles: Map<string, OpenFile> = (holder.__portalDbFiles ??= new Map());

/** Records the file a connection (named by the caller: "prisma", "sql") has just opened. */
export function noteDatabaseFileOpened(connection: string, file: string): void {
  const stat = fs.statSync(file);
  openFiles.set(connection, { file, dev: stat.dev, ino: stat.ino });
}

/** Forgets a connection that was closed. */
export function noteDatabaseFileClosed(connection: string): void {
  openFiles.delete(connection);
}

function checkOne(open: OpenFile): DatabaseFailureCause | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(open.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "file_missing" : "io_error";
  }
  return stat.dev === open.dev && stat.ino === open.ino ? null : "file_replaced";
}

/**
 * Whether the files the open connections write to are still the files at their paths: null when they
 * are (or on PostgreSQL, where nothing is recorded), else why not. One stat() per connection: cheap
 * enough to run before every write.
 */
export function checkDatabaseFiles(): DatabaseFailureCause | null {
  for (const open of openFiles.values()) {
    const problem = checkOne(open);
    if (problem) return problem;
  }
  return null;
}

/** Throws DatabaseUnavailableError (a 503 for the client) when checkDatabaseFiles finds a problem. */
export function assertDatabaseFilesIntact(): void {
  const problem = checkDatabaseFiles();
  if (problem) throw new DatabaseUnavailableError(problem);
}
