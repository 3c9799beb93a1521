// `npm run db:diff:pg`: fails, listing the differences, when the committed PostgreSQL migrations do
// not build what prisma/postgres/schema.prisma describes; prints nothing when they agree. Needs a
// PostgreSQL server it may create scratch databases on: POSTGRES_ADMIN_URL, by default
// postgresql://postgres@127.0.0.1:5432/postgres (CI runs it before the tests).
import path from "node:path";
import { POSTGRES_ADMIN_URL_DEFAULT, checkPostgresDrift } from "../lib/setup/postgres-drift";

async function main(): Promise<number> {
  const differences = await checkPostgresDrift({
    adminUrl: process.env.POSTGRES_ADMIN_URL ?? POSTGRES_ADMIN_URL_DEFAULT,
    root: path.resolve(__dirname, ".."),
  });
  if (differences.length === 0) return 0;
  console.error("prisma/postgres/migrations do not build prisma/postgres/schema.prisma (- only from the migrations, + only from the schema):");
  for (const line of differences) console.error(line);
  console.error("Add a migration under prisma/postgres/migrations (docs/postgresql.md).");
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`db:diff:pg failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
