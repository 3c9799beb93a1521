// `npm run db:seed-demo`: demo units and accounts for a local trial, into an empty database only.
import { getDatabaseProvider, resolveSqlitePath } from "../lib/database-url";
import { closeDb } from "../lib/db";
import { seedDemoData } from "../lib/setup/demo-data";
import { markDemo } from "../lib/setup/deployment-marker";

async function main(): Promise<void> {
  const result = await seedDemoData();
  // The demo asks for its database to be re-created when it is deleted (npm run demo after
  // rm data/portal.db); a real deployment's is not (lib/setup/deployment-marker.ts).
  const url = process.env.DATABASE_URL;
  if (result.seeded && getDatabaseProvider(url) === "sqlite") markDemo(resolveSqlitePath(url));
  console.log(
    result.seeded
      ? `Seeded demo data: ${result.units} units, ${result.users} accounts (credentials in README.md).`
      : "Database already has units or accounts: demo data not seeded.",
  );
}

main()
  // On PostgreSQL the pool's idle connections would keep the process alive for another 30 s.
  .finally(() => closeDb())
  .catch((error: unknown) => {
    console.error("Seeding demo data failed:", error);
    process.exit(1);
  });
