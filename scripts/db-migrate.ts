// `npm run db:migrate:pg [-- --dir <folder>]`: applies the pending PostgreSQL migrations to
// DATABASE_URL (postgresql://…). Safe to run from several instances at once (README, PostgreSQL).
import { parseArgs } from "node:util";
import { POSTGRES_MIGRATIONS_DIR, migratePostgres } from "../lib/setup/migrate-postgres";

const USAGE = "usage: DATABASE_URL=postgresql://… npm run db:migrate:pg [-- --dir <folder, default prisma/postgres/migrations>]";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const result = await migratePostgres({
    connectionString: process.env.DATABASE_URL ?? "",
    dir: values.dir ?? POSTGRES_MIGRATIONS_DIR,
    log: (line) => console.log(line),
  });
  console.log(
    result.applied.length > 0
      ? `Applied ${result.applied.length} migration(s); ${result.upToDate.length} were already applied.`
      : `Database is up to date (${result.upToDate.length} migration(s) applied).`,
  );
}

main().catch((error: unknown) => {
  console.error(`db:migrate:pg failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
