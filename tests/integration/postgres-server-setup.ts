/**
 * Global setup of the `integration` (SQLite) project: its PostgreSQL tooling tests (migrations,
 * drift, backups, triggers under tests/integration/setup/) create databases on the run's PostgreSQL
 * server, found or embedded (tests/support/postgres-server.ts). Without one, only those tests fail,
 * each with the reason (helpers/postgres.ts), and the SQLite tests of the project still run.
 */
import { acquirePostgresServer } from "../support/postgres-server";

export default async function setup(): Promise<() => Promise<void>> {
  try {
    const { release } = await acquirePostgresServer();
    return release;
  } catch (error) {
    const reason = (error as Error).message;
    console.error(`[integration] no PostgreSQL server; its PostgreSQL tests will fail with: ${reason}`);
    process.env.POSTGRES_TEST_UNAVAILABLE = reason;
    return async () => {};
  }
}
