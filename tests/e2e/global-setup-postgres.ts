/**
 * Global setup of the `e2e-pg` vitest project: the same browser tests against PostgreSQL. Creates a
 * database of its own (dropped at teardown), migrates it with the production applier, seeds the demo
 * accounts, reuses the build of the `e2e` project (or builds it when run alone), starts `next start`
 * on it and provides its URL as the SQLite setup does. The PostgreSQL server is the run's
 * (tests/support/postgres-server.ts: the machine's, or an embedded one when nothing answers), which
 * the project's own tests (two instances, graceful shutdown) also create their databases on.
 */
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migratePostgres } from "../../lib/setup/migrate-postgres";
import { findFreePort } from "../../scripts/bench/processes";
import { createPostgresDatabase, type PostgresDatabase } from "../integration/helpers/postgres";
import { resolveBrowser, type BrowserChoice } from "../support/chromium";
import { acquirePostgresServer } from "../support/postgres-server";
import { reportSetupFailure } from "../support/setup-failure";
import { ROOT } from "./paths";
import { LOG_DIR, baseEnv, ensureBuild, run, startServer, waitForHealth, type Server } from "./server";

const SERVER_LOG = path.join(LOG_DIR, "e2e-pg-server.log");
const SETUP_LOG = path.join(LOG_DIR, "e2e-pg-setup.log");

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.writeFileSync(SETUP_LOG, "");

  let database: PostgresDatabase | undefined;
  let server: Server | undefined;
  let releasePostgres: (() => Promise<void>) | undefined;
  const teardown = async () => {
    // The server first: DROP … WITH (FORCE) would cut its connections, which it logs as errors.
    if (server) await server.stop();
    if (database) await database.drop();
    await releasePostgres?.();
  };
  let browser: BrowserChoice;
  try {
    browser = await resolveBrowser();
    releasePostgres = (await acquirePostgresServer()).release;
    database = await createPostgresDatabase();
    const env = baseEnv(database.url);
    await migratePostgres({ connectionString: database.url, log: (line) => fs.appendFileSync(SETUP_LOG, `${line}\n`) });
    // The same demo units and accounts as `npm run demo` (credentials in README.md).
    await run("npm", ["run", "--silent", "db:seed-demo"], env, SETUP_LOG);
    await ensureBuild(env);
    server = startServer(env, await findFreePort(), SERVER_LOG);
    await waitForHealth(server);
  } catch (error) {
    await teardown();
    provide("baseURL", "");
    provide("databaseUrl", "");
    provide("browser", null);
    return reportSetupFailure(provide, "e2e-pg", error);
  }
  console.log(`[e2e-pg] server on PostgreSQL database ${database.name} ready at ${server.url} (log: ${path.relative(ROOT, SERVER_LOG)})`);
  provide("browser", browser);
  provide("baseURL", server.url);
  provide("databaseUrl", database.url);
  provide("setupError", "");
  return teardown;
}
