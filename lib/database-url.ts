import fs from "node:fs";
import path from "node:path";

/** Default database file for the embedded SQLite mode, relative to the project root. */
export const DEFAULT_DATABASE_URL = "file:./data/portal.db";

/** The two databases the portal runs on: SQLite (embedded, one machine) and PostgreSQL (several instances). */
export type DatabaseProvider = "sqlite" | "postgresql";

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Which database a DATABASE_URL names: `file:` (or none) is SQLite, `postgresql://` PostgreSQL; anything else throws. */
export function getDatabaseProvider(url: string | undefined): DatabaseProvider {
  const value = url && url.length > 0 ? url : DEFAULT_DATABASE_URL;
  if (value.startsWith("file:")) return "sqlite";
  if (POSTGRES_URL.test(value)) return "postgresql";
  throw new Error(`DATABASE_URL must be a SQLite "file:" URL or a "postgresql://" URL, got "${value.split(":")[0]}:..."`);
}

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
