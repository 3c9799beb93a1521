// `npm run db:migrate`: applies the pending migrations to the database DATABASE_URL names (SQLite
// `file:` or `postgresql://`). Safe to run from several instances at once on PostgreSQL (an advisory
// lock serializes the appliers; docs/postgresql.md, "Deploying on PostgreSQL with several instances").
import { parseArgs } from "node:util";
import { migrateDatabase } from "../lib/setup/migrate";

const USAGE = "usage: DATABASE_URL=<file:… | postgresql://…> npm run db:migrate";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { help: { type: "boolean" } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const result = await migrateDatabase({ url: process.env.DATABASE_URL, log: (line) => console.log(line) });
  console.log(result.summary);
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 1;
});
