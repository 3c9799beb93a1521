import fs from "node:fs";
import path from "node:path";

/** Default database file for the embedded SQLite mode, relative to the project root. */
export const DEFAULT_DATABASE_URL = "file:./data/portal.db";

/**
 * Turns a `file:` DATABASE_URL into an absolute file path and makes sure its folder exists.
 * Shared by the app and the Prisma CLI config so both always open the same file.
 */
export function resolveSqlitePath(url: string | undefined): string {
  const value = url && url.length > 0 ? url : DEFAULT_DATABASE_URL;
  if (!value.startsWith("file:")) {
    throw new Error(`DATABASE_URL must start with "file:" for SQLite, got "${value.split(":")[0]}:..."`);
  }
  const file = path.resolve(/* turbopackIgnore: true */ process.cwd(), value.slice("file:".length));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}
