// `npm run db:seed-demo`: demo units and accounts for a local trial, into an empty database only.
import { seedDemoData } from "../lib/setup/demo-data";

async function main(): Promise<void> {
  const result = await seedDemoData();
  console.log(
    result.seeded
      ? `Seeded demo data: ${result.units} units, ${result.users} accounts (credentials in README.md).`
      : "Database already has units or accounts: demo data not seeded.",
  );
}

main().catch((error: unknown) => {
  console.error("Seeding demo data failed:", error);
  process.exit(1);
});
