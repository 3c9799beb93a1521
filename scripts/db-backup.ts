// `npm run db:backup [-- --dir <folder>]`: a consistent copy of the SQLite database, safe while the
// portal is serving. See README "Backups" for restoring and for PostgreSQL.
import path from "node:path";
import { parseArgs } from "node:util";
import { resolveSqlitePath } from "../lib/database-url";
import { backupSqlite } from "../lib/setup/backup";

const USAGE = "usage: npm run db:backup [-- --dir <folder, default data/backups>]";

function main(): void {
  const { values } = parseArgs({ options: { dir: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const url = process.env.DATABASE_URL;
  if (url && !url.startsWith("file:")) {
    throw new Error("DATABASE_URL is not a SQLite file: back up PostgreSQL with pg_dump (README, Backups)");
  }
  const dir = path.resolve(values.dir ?? "data/backups");
  const result = backupSqlite(resolveSqlitePath(url), dir);
  const counts = Object.entries(result.tables).map(([table, n]) => `${table} ${n}`).join(", ");
  console.log(`Backup written: ${path.relative(process.cwd(), result.file)} (${(result.bytes / 1024).toFixed(0)} KiB; ${counts}); integrity check ok.`);
}

try {
  main();
} catch (error) {
  console.error(`db:backup failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
}
