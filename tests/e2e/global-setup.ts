/**
 * Global setup of the `e2e` vitest project: builds the app into its own folder (once per run, shared
 * with `e2e-pg`), gives it a fresh SQLite database, starts `next start` on a free port and provides
 * its URL to every test file.
 *
 * Environment:
 *   E2E_SKIP_BUILD=1            reuse an existing .next-e2e build (fast re-runs while writing tests)
 *   CHROMIUM_PATH               browser binary to use instead of Debian's /usr/bin/chromium
 *   E2E_HIDE_SYSTEM_CHROMIUM=1  ignore /usr/bin/chromium (proves the npm browser; tests/support/chromium.ts)
 */
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findFreePort } from "../../scripts/bench/processes";
import { resolveBrowser, type BrowserChoice } from "../support/chromium";
import { reportSetupFailure } from "../support/setup-failure";
import { ROOT } from "./paths";
import { LOG_DIR, baseEnv, ensureBuild, run, startServer, waitForHealth, type Server } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the production server under test, e.g. http://127.0.0.1:41234 */
    baseURL: string;
    /** DATABASE_URL of the server under test, so tests can create sessions and check stored data. */
    databaseUrl: string;
    /** Why the project's services could not be started (empty when they run); see setup-check.ts. */
    setupError: string;
    /** The Chromium to drive (system or npm package), chosen once per run by tests/support/chromium.ts. */
    browser: BrowserChoice | null;
  }
}

const SERVER_LOG = path.join(LOG_DIR, "e2e-server.log");
const SETUP_LOG = path.join(LOG_DIR, "e2e-setup.log");

function sqliteFiles(dbFile: string): string[] {
  return [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`];
}

function removeDatabase(dbFile: string): void {
  for (const file of sqliteFiles(dbFile)) fs.rmSync(file, { force: true });
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.writeFileSync(SETUP_LOG, "");

  // A database of our own, so tests never see (or change) the demo data in data/portal.db.
  const dbRelative = `data/e2e-${process.pid}.db`;
  const dbFile = path.join(ROOT, dbRelative);
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  removeDatabase(dbFile);
  const env = baseEnv(`file:./${dbRelative}`);

  let server: Server | undefined;
  let browser: BrowserChoice;
  const teardown = async () => {
    if (server) await server.stop();
    removeDatabase(dbFile);
  };
  try {
    browser = await resolveBrowser();
    await run("npx", ["--no-install", "prisma", "migrate", "deploy"], env, SETUP_LOG);
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
    return reportSetupFailure(provide, "e2e", error);
  }
  console.log(`[e2e] server ready at ${server.url} (log: ${path.relative(ROOT, SERVER_LOG)}); browser: ${browser.description}`);
  provide("browser", browser);
  provide("baseURL", server.url);
  provide("databaseUrl", `file:${dbFile}`);
  provide("setupError", "");
  return teardown;
}
