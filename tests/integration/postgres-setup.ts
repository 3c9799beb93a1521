/**
 * Global setup of the `integration-pg` vitest project: one template database migrated by the
 * production applier (lib/setup/migrate-postgres.ts); each test file copies it (helpers/database.ts)
 * and drops its copy. The template is dropped at the end.
 */
import { migratePostgres } from "../../lib/setup/migrate-postgres";
import { createPostgresDatabase } from "./helpers/postgres";

export default async function setup(): Promise<() => Promise<void>> {
  const template = await createPostgresDatabase();
  try {
    await migratePostgres({ connectionString: template.url });
  } catch (error) {
    await template.drop();
    throw error;
  }
  process.env.POSTGRES_TEST_TEMPLATE = template.name;
  process.env.POSTGRES_TEST_ADMIN_URL = (await import("./helpers/postgres")).POSTGRES_ADMIN_URL;
  return () => template.drop();
}
