// `npm run seed:large -- [--users N] [--seed S] [--password P]`: fills an empty, migrated database
// (DATABASE_URL) with a province-sized unit tree, N readers and their reading progress, for trying
// reports and pages at scale. Generator: scripts/seed-large/ (tree.ts, accounts.ts, progress.ts).
import { getEnv } from "../lib/env";
import { DEFAULT_PASSWORD, USAGE, parseFlags } from "./seed-large/flags";
import { SeedLargeError, seedLarge, type SeedLargeSummary } from "./seed-large/seed";

/** The final report on stdout. */
function formatSummary(summary: SeedLargeSummary, password: string): string {
  const n = (value: number) => value.toLocaleString("en-US");
  const share = (value: number) => `${((100 * value) / summary.readers).toFixed(1)}%`;
  const { "not-started": notStarted, "in-progress": inProgress, completed } = summary.readersByStatus;
  return [
    `Seeded ${summary.file}:`,
    `  units:          ${n(summary.units)}`,
    `  readers:        ${n(summary.readers)} (not started ${share(notStarted)}, in progress ${share(inProgress)}, completed ${share(completed)})`,
    `  administrators: ${n(summary.admins)} (large-admin, admin-c01…)`,
    `  progress rows:  ${n(summary.progressRows)}`,
    `  assignment:     ${summary.assignment ? "deep-poverty-speech assigned to the province" : "none (no Assignment table)"}`,
    ...(summary.selfTests
      ? [`  self-tests:     required; ${n(summary.selfTests.passed)} passed, ${n(summary.selfTests.awaitingTest)} read everything and await the test`]
      : []),
    `  time:           ${summary.seconds.toFixed(1)} s`,
    `Sign in as r0000001, admin-c01 or large-admin with the password ${password === DEFAULT_PASSWORD ? DEFAULT_PASSWORD : "given by --password"}.`,
  ].join("\n");
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const databaseUrl = getEnv().DATABASE_URL;
  console.error(`seed:large: ${flags.users.toLocaleString("en-US")} readers, seed ${flags.seed}, into ${databaseUrl}`);
  const summary = await seedLarge({ databaseUrl, users: flags.users, seed: flags.seed, password: flags.password, log: (line) => console.error(`  ${line}`) });
  console.log(formatSummary(summary, flags.password));
}

main().catch((error: unknown) => {
  if (error instanceof SeedLargeError) console.error(`seed:large: ${error.message}`);
  else console.error("seed:large failed (the database may now be partly seeded; start again from a fresh file):", error);
  process.exit(1);
});
