/**
 * Global setup of the `e2e` vitest project: builds the app into its own folder, gives it a fresh
 * SQLite database, starts `next start` on a free port and provides its URL to every test file.
 *
 * Environment:
 *   E2E_SKIP_BUILD=1  reuse an existing .next-e2e build (fast re-runs while writing tests)
 *   CHROMIUM_PATH     browser binary to use instead of Debian's /usr/bin/chromium
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { snapshotNextSideEffects } from "../../scripts/bench/build";
import { findFreePort } from "../../scripts/bench/processes";
import { chromiumPath, ROOT } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the production server under test, e.g. http://127.0.0.1:41234 */
    baseURL: string;
    /** DATABASE_URL of the server under test, so tests can create sessions and check stored data. */
    databaseUrl: string;
  }
}

const DIST_DIR = ".next-e2e";
const LOG_DIR = path.join(ROOT, "test-results");
const SERVER_LOG = path.join(LOG_DIR, "e2e-server.log");
const BUILD_LOG = path.join(LOG_DIR, "e2e-build.log");
const HEALTH_TIMEOUT_MS = 60_000;
const LOG_TAIL_LINES = 40;

/** Child environments; Next's typings make NODE_ENV mandatory, but the build must run without it. */
type Env = Record<string, string | undefined>;

/** Last lines of a log, for error messages that explain *why* the server did not come up. */
function tail(text: string, lines = LOG_TAIL_LINES): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function sqliteFiles(dbFile: string): string[] {
  return [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`];
}

function removeDatabase(dbFile: string): void {
  for (const file of sqliteFiles(dbFile)) fs.rmSync(file, { force: true });
}

/** Runs a command to completion; on failure the error carries the tail of its output. */
function run(command: string, args: string[], env: Env, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(command, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    const log = fs.createWriteStream(logFile, { flags: "a" });
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      log.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (error) => {
      log.end();
      reject(error);
    });
    child.on("close", (code, signal) => {
      log.end();
      if (code === 0) resolve();
      else {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(new Error(`\`${command} ${args.join(" ")}\` ${how} (full log: ${logFile}):\n${tail(output)}`));
      }
    });
  });
}

async function buildApp(env: Env): Promise<void> {
  const buildId = path.join(ROOT, DIST_DIR, "BUILD_ID");
  if (process.env.E2E_SKIP_BUILD === "1" && fs.existsSync(buildId)) {
    console.log(`[e2e] E2E_SKIP_BUILD=1: reusing ${DIST_DIR}`);
    return;
  }
  console.log(`[e2e] building the app into ${DIST_DIR} (log: ${path.relative(ROOT, BUILD_LOG)})…`);
  const started = Date.now();
  const restore = snapshotNextSideEffects(DIST_DIR);
  try {
    await run("npx", ["--no-install", "next", "build"], env, BUILD_LOG);
  } finally {
    restore();
  }
  console.log(`[e2e] build finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

type Server = { url: string; process: ChildProcess; log: () => string; stop: () => Promise<void> };

/** Starts the production server; its output goes to a log file and is kept for error messages. */
function startServer(env: Env, port: number): Server {
  let output = "";
  const logStream = fs.createWriteStream(SERVER_LOG);
  const child = spawn("npx", ["--no-install", "next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production" } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so teardown can stop npx, next and next's workers in one signal.
    detached: true,
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    logStream.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    log: () => output,
    stop: async () => {
      await stopProcessGroup(child);
      logStream.end();
    },
  };
}

/** Polls /api/health until it answers 200; fails early if the server process dies. */
async function waitForHealth({ url, process: child, log }: Server): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited (${child.exitCode ?? child.signalCode}) before it was healthy.\nServer log tail:\n${tail(log())}`);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `The server at ${url} did not answer GET /api/health with 200 within ${HEALTH_TIMEOUT_MS / 1000} s ` +
      `(last: ${lastProblem}).\nServer log tail:\n${tail(log())}`,
  );
}

/** Stops the server and everything it spawned: `npx` starts `next`, which starts workers. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
  // Bounded: teardown must never hang the test run, even if the exit event was already missed.
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  clearTimeout(timer);
  signalGroup("SIGKILL"); // stragglers that ignored SIGTERM after the leader left
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const chromium = chromiumPath();
  if (!fs.existsSync(chromium)) {
    throw new Error(
      `No Chromium at ${chromium}. The e2e tests drive a real browser: ` +
        "install Debian's chromium: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH).",
    );
  }
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.writeFileSync(BUILD_LOG, "");

  // A database of our own, so tests never see (or change) the demo data in data/portal.db.
  const dbRelative = `data/e2e-${process.pid}.db`;
  const dbFile = path.join(ROOT, dbRelative);
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  removeDatabase(dbFile);

  // vitest sets NODE_ENV=test, which `next build` warns about and which changes its output;
  // leave it out so Next picks its own (`next start` gets production explicitly).
  const { NODE_ENV: _vitestNodeEnv, ...inherited } = process.env;
  const env: Env = {
    ...inherited,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `file:./${dbRelative}`,
  };

  let server: Server | undefined;
  const teardown = async () => {
    if (server) await server.stop();
    removeDatabase(dbFile);
  };
  try {
    await run("npx", ["--no-install", "prisma", "migrate", "deploy"], env, BUILD_LOG);
    // The same demo units and accounts as `npm run demo` (credentials in README.md).
    await run("npm", ["run", "--silent", "db:seed-demo"], env, BUILD_LOG);
    await buildApp(env);
    server = startServer(env, await findFreePort());
    await waitForHealth(server);
  } catch (error) {
    await teardown();
    throw error;
  }
  console.log(`[e2e] server ready at ${server.url} (log: ${path.relative(ROOT, SERVER_LOG)})`);
  provide("baseURL", server.url);
  provide("databaseUrl", `file:${dbFile}`);
  return teardown;
}
