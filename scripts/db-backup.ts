// `npm run db:backup [-- --dir <folder>]`: a consistent backup of the database DATABASE_URL names,
// safe while the portal is serving: SQLite with VACUUM INTO (portal-<time>.db), PostgreSQL with
// pg_dump --format=custom (portal-<time>.dump). docs/backups.md says how to restore each.
import path from "node:path";
import { parseArgs } from "node:util";
import { getDatabaseProvider, resolveSqlitePath } from "../lib/database-url";
import { backupPostgres, backupSqlite } from "../lib/setup/backup";

const USAGE = "usage: npm run db:backup [-- --dir <folder, default data/backups>]";

function main(): void {
  const { values } = parseArgs({ options: { dir: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const url = process.env.DATABASE_URL;
  const dir = path.resolve(values.dir ?? "data/backups");
  if (getDatabaseProvider(url) === "postgresql") {
    const result = backupPostgres(url ?? "", dir);
    console.log(
      `Backup written: ${path.relative(process.cwd(), result.file)} (${(result.bytes / 1024).toFixed(0)} KiB; pg_dump custom format, ` +
        `${result.tablesWithData} tables with data); restore with: pg_restore --clean --if-exists --no-owner -d <postgresql://…> ${path.relative(process.cwd(), result.file)}`,
    );
    return;
  }
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
