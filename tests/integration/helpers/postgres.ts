import { randomBytes } from "node:crypto";
import pg from "pg";
import { withDatabase, withPostgresClient } from "../../../lib/setup/postgres-client";

/** Server the PostgreSQL tests create their databases on (CI and dev machines run one locally). */
export const POSTGRES_ADMIN_URL = process.env.POSTGRES_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type PostgresDatabase = { name: string; url: string; drop: () => Promise<void> };

export { withDatabase };

const admin = <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => withPostgresClient(POSTGRES_ADMIN_URL, run);

/** A fresh, empty database of this test's own (portal_test_<pid>_<random>), dropped by `drop`. */
export async function createPostgresDatabase(): Promise<PostgresDatabase> {
  const name = `portal_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: withDatabase(POSTGRES_ADMIN_URL, name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
