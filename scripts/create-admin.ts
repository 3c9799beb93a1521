// `npm run create-admin -- --account <account> --name <name> --unit-code <code> [--unit-name <name>]`
// Creates the first system administrator of a real deployment and prints a one-time password.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { getDatabaseProvider, resolveSqlitePath } from "../lib/database-url";
import { closeDb } from "../lib/db";
import { classifyDatabaseError } from "../lib/db-errors";
import { createFirstAdmin } from "../lib/setup/first-admin";

const USAGE = "usage: npm run create-admin -- --account <account> --name <name> --unit-code <code> [--unit-name <root unit name>]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { account: { type: "string" }, name: { type: "string" }, "unit-code": { type: "string" }, "unit-name": { type: "string" }, help: { type: "boolean" } },
    strict: true,
  });
  if (values.help || !values.account || !values.name || !values["unit-code"]) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const result = await createFirstAdmin({ account: values.account, name: values.name, unitCode: values["unit-code"], unitName: values["unit-name"] });
  console.log(`Created system administrator "${result.account}"${result.unitCreated ? " and its root unit" : ""}.`);
  console.log(`One-time password (shown once; must be changed at first sign-in): ${result.oneTimePassword}`);
}

main()
  // On PostgreSQL the pool's idle connections would keep the process alive for another 30 s.
  .finally(() => closeDb())
  .catch((error: unknown) => {
    // The portal never creates a SQLite file outside db:migrate (lib/db.ts): say which step is missing.
    const url = process.env.DATABASE_URL;
    const file = getDatabaseProvider(url) === "sqlite" ? resolveSqlitePath(url) : null;
    const hint = file && !fs.existsSync(file) && classifyDatabaseError(error) ? ` (there is no database at ${file} yet: run npm run db:migrate first)` : "";
    console.error(`create-admin failed: ${error instanceof Error ? error.message : String(error)}${hint}`);
    process.exit(1);
  });
