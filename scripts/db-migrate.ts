// `npm run db:migrate [-- --first-run]`: applies the pending migrations to the database DATABASE_URL
// names (SQLite `file:` or `postgresql://`). Safe to run from several instances at once on PostgreSQL
// (an advisory lock serializes the appliers; docs/postgresql.md, "Deploying on PostgreSQL with several instances").
// On SQLite it refuses to create a new, empty database where this deployment ran before and the file
// is now missing or empty, unless --first-run or PORTAL_FIRST_RUN=1 (lib/setup/deployment-marker.ts).
import path from "node:path";
import { parseArgs } from "node:util";
import { getDatabaseProvider, resolveSqlitePath } from "../lib/database-url";
import { getEnv } from "../lib/env";
import { checkDatabaseBeforeMigrate, recordMigrated } from "../lib/setup/deployment-marker";
import { migrateDatabase } from "../lib/setup/migrate";

const USAGE = "usage: DATABASE_URL=<file:… | postgresql://…> npm run db:migrate [-- --first-run]";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { help: { type: "boolean" }, "first-run": { type: "boolean" } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const url = process.env.DATABASE_URL;
  const log = (line: string) => console.log(line);
  const sqliteFile = getDatabaseProvider(url) === "sqlite" ? resolveSqlitePath(url) : null;
  if (sqliteFile) {
    const firstRun = values["first-run"] === true || getEnv().PORTAL_FIRST_RUN;
    checkDatabaseBeforeMigrate({ databaseFile: sqliteFile, firstRun, backupDir: path.resolve("data/backups"), log });
  }
  const result = await migrateDatabase({ url, log });
  if (sqliteFile) recordMigrated(sqliteFile);
  console.log(result.summary);
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 1;
});
