import { randomBytes } from "node:crypto";
import pg from "pg";
import { withDatabase, withPostgresClient } from "../../../lib/setup/postgres-client";
import { DEFAULT_POSTGRES_ADMIN_URL } from "../../support/postgres-server";

/**
 * Server the PostgreSQL tests create their databases on: the run's server, found or embedded
 * (tests/support/postgres-server.ts), whose URL the global setups put into POSTGRES_ADMIN_URL.
 * Read on every call: in vitest's main process this module may load before a setup has set it.
 */
export function postgresAdminUrl(): string {
  return process.env.POSTGRES_ADMIN_URL || DEFAULT_POSTGRES_ADMIN_URL;
}

/** The same, read once: test files run in workers forked after the global setups, so it is final there. */
export const POSTGRES_ADMIN_URL = postgresAdminUrl();

export type PostgresDatabase = { name: string; url: string; drop: () => Promise<void> };

export { withDatabase };

const admin = <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => withPostgresClient(postgresAdminUrl(), run);

/** A fresh, empty database of this test's own (portal_test_<pid>_<random>), dropped by `drop`. */
export async function createPostgresDatabase(): Promise<PostgresDatabase> {
  const unavailable = process.env.POSTGRES_TEST_UNAVAILABLE;
  if (unavailable) throw new Error(`No PostgreSQL server for this test run: ${unavailable}`);
  const name = `portal_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: withDatabase(postgresAdminUrl(), name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
