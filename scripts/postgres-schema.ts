// `npm run db:schema:pg [-- --check]`: writes prisma/postgres/schema.prisma from prisma/schema.prisma,
// or with --check fails when the committed file is not what it would write (CI runs the check).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH, derivePostgresSchema } from "../lib/setup/postgres-schema";

const root = path.resolve(__dirname, "..");

function main(): number {
  const { values } = parseArgs({ options: { check: { type: "boolean" } }, strict: true });
  const wanted = derivePostgresSchema(fs.readFileSync(path.join(root, SQLITE_SCHEMA_PATH), "utf8"));
  const target = path.join(root, POSTGRES_SCHEMA_PATH);
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
  if (values.check) {
    if (current === wanted) return 0;
    console.error(`${POSTGRES_SCHEMA_PATH} is out of date with ${SQLITE_SCHEMA_PATH}: run npm run db:schema:pg and commit it,`);
    console.error("then add a PostgreSQL migration for the change (docs/postgresql.md).");
    return 1;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, wanted);
  console.log(current === wanted ? `${POSTGRES_SCHEMA_PATH} is up to date.` : `Wrote ${POSTGRES_SCHEMA_PATH}.`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`db:schema:pg failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
