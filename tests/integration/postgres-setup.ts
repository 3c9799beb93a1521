/**
 * Global setup of the `integration-pg` vitest project: the run's PostgreSQL server (the machine's,
 * or an embedded one when nothing answers: tests/support/postgres-server.ts), and on it one template
 * database migrated by the production applier (lib/setup/migrate-postgres.ts); each test file copies
 * it (helpers/database.ts) and drops its copy. The template is dropped at the end.
 *
 * A failure does not abort the run: every integration-pg file fails with the reason (setup-check.ts).
 */
import type { TestProject } from "vitest/node";
import { migratePostgres } from "../../lib/setup/migrate-postgres";
import { acquirePostgresServer } from "../support/postgres-server";
import { reportSetupFailure } from "../support/setup-failure";
import { createPostgresDatabase, postgresAdminUrl, type PostgresDatabase } from "./helpers/postgres";

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  let release: (() => Promise<void>) | undefined;
  let template: PostgresDatabase | undefined;
  const teardown = async () => {
    await template?.drop();
    await release?.();
  };
  try {
    release = (await acquirePostgresServer()).release;
    template = await createPostgresDatabase();
    await migratePostgres({ connectionString: template.url });
  } catch (error) {
    await teardown().catch(() => {});
    return reportSetupFailure(provide, "integration-pg", error);
  }
  process.env.POSTGRES_TEST_TEMPLATE = template.name;
  process.env.POSTGRES_TEST_ADMIN_URL = postgresAdminUrl();
  provide("setupError", "");
  return teardown;
}
