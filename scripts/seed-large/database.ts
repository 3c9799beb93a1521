import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** An expected refusal (bad database state, bad input): the CLI prints the message alone. */
export class SeedLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeedLargeError";
  }
}

export const MIGRATE_HINT =
  "Use a new database file, migrated first, e.g.:\n" +
  "  DATABASE_URL=file:./data/large.db npx prisma migrate deploy\n" +
  "  DATABASE_URL=file:./data/large.db npm run seed:large -- --users 100000";

/** Whether the database has a table of this name. */
export function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Refuses a database that lacks any of the committed migrations (the counter triggers come with them). */
export function assertMigrated(db: Database.Database, display: string): void {
  const refuse = (why: string) => new SeedLargeError(`Database ${display} is not migrated (${why}).\n${MIGRATE_HINT}`);
  if (!hasTable(db, "_prisma_migrations")) throw refuse("no migrations have been applied");
  const applied = new Set(
    db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").pluck().all() as string[],
  );
  const folder = path.resolve(process.cwd(), "prisma", "migrations");
  const committed = fs.existsSync(folder)
    ? fs.readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
    : [];
  const missing = committed.filter((name) => !applied.has(name)).sort();
  if (missing.length > 0) throw refuse(`pending migration(s): ${missing.join(", ")}`);
  for (const table of ["Unit", "User", "SectionProgress"]) if (!hasTable(db, table)) throw refuse(`table "${table}" is missing`);
}

/** Refuses a database that already holds units or accounts; run inside the first write transaction. */
export function assertEmpty(db: Database.Database, display: string): void {
  const units = db.prepare('SELECT COUNT(*) FROM "Unit"').pluck().get() as number;
  const users = db.prepare('SELECT COUNT(*) FROM "User"').pluck().get() as number;
  if (units > 0 || users > 0) {
    throw new SeedLargeError(
      `Database ${display} already holds ${units} unit(s) and ${users} account(s); seed:large only fills an empty database.\n${MIGRATE_HINT}`,
    );
  }
}

/** Opens an existing database file with the app's connection settings. */
export function openDatabase(file: string, display: string, pragmas: readonly string[]): Database.Database {
  if (!fs.existsSync(file)) throw new SeedLargeError(`Database ${display} does not exist.\n${MIGRATE_HINT}`);
  const db = new Database(file, { fileMustExist: true });
  for (const pragma of pragmas) db.exec(pragma);
  return db;
}
