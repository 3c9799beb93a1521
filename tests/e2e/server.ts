/**
 * Process plumbing of the browser tests: build the app once, start the production server (the
 * portal's own, scripts/server.ts, as `npm start` runs it) in its own process group, wait until it
 * is healthy, stop it and everything it spawned. Used by the global setups of the `e2e` (SQLite)
 * and `e2e-pg` (PostgreSQL) projects and by the tests that start servers of their own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { snapshotNextSideEffects } from "../../scripts/bench/build";
import { portalServerCommand } from "../../scripts/bench/servers";
import { ROOT } from "./paths";

/** The one build every browser test runs against; the build does not depend on the database. */
export const DIST_DIR = ".next-e2e";
export const LOG_DIR = path.join(ROOT, "test-results");
export const BUILD_LOG = path.join(LOG_DIR, "e2e-build.log");
const HEALTH_TIMEOUT_MS = 60_000;
const LOG_TAIL_LINES = 40;

/** Child environments; Next's typings make NODE_ENV mandatory, but the build must run without it. */
export type Env = Record<string, string | undefined>;

/**
 * The environment for the build and the servers: the caller's, without vitest's NODE_ENV=test (which
 * `next build` warns about and which changes its output; `next start` gets production explicitly).
 */
export function baseEnv(databaseUrl: string): Env {
  const { NODE_ENV: _vitestNodeEnv, ...inherited } = process.env;
  return { ...inherited, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: databaseUrl };
}

/** Last lines of a log, for error messages that explain *why* a process failed. */
export function tail(text: string, lines = LOG_TAIL_LINES): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Runs a command to completion; on failure the error carries the tail of its output. */
export function run(command: string, args: string[], env: Env, logFile: string): Promise<void> {
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

// Global setups of all projects run one after another in vitest's main process before any test:
// the first one builds, the others see this mark (kept on globalThis because each project loads its
// setup file as a separate module) and reuse that build. The BUILD_ID check catches a build folder
// replaced in the meantime.
const built = globalThis as typeof globalThis & { __portalE2eBuildId?: string; __portalE2eBuildError?: Error };

function readBuildId(): string | undefined {
  const file = path.join(ROOT, DIST_DIR, "BUILD_ID");
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

/**
 * Builds the app into DIST_DIR once per test run. E2E_SKIP_BUILD=1 reuses an existing build
 * (fast re-runs while writing tests).
 */
export async function ensureBuild(env: Env): Promise<void> {
  // A build that failed earlier in this run fails the same way again: do not spend minutes on it twice.
  if (built.__portalE2eBuildError) throw built.__portalE2eBuildError;
  const existing = readBuildId();
  if (existing && built.__portalE2eBuildId === existing) {
    console.log(`[e2e] reusing ${DIST_DIR}, built earlier in this run`);
    return;
  }
  if (process.env.E2E_SKIP_BUILD === "1" && existing) {
    console.log(`[e2e] E2E_SKIP_BUILD=1: reusing ${DIST_DIR}`);
    built.__portalE2eBuildId = existing;
    return;
  }
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.writeFileSync(BUILD_LOG, "");
  console.log(`[e2e] building the app into ${DIST_DIR} (log: ${path.relative(ROOT, BUILD_LOG)})…`);
  const started = Date.now();
  const restore = snapshotNextSideEffects(DIST_DIR);
  try {
    await run("npx", ["--no-install", "next", "build"], env, BUILD_LOG);
  } catch (error) {
    built.__portalE2eBuildError = error as Error;
    throw error;
  } finally {
    restore();
  }
  built.__portalE2eBuildId = readBuildId();
  console.log(`[e2e] build finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export type Server = { url: string; process: ChildProcess; logFile: string; log: () => string; stop: () => Promise<void> };

/**
 * Starts the production server, the same entry `npm start` runs after migrating (scripts/server.ts);
 * its output goes to `logFile` and is kept for error messages.
 */
export function startServer(env: Env, port: number, logFile: string): Server {
  let output = "";
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logStream = fs.createWriteStream(logFile);
  const [command, args] = portalServerCommand(port, "127.0.0.1");
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production" } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so teardown stops the server and anything it may start in one signal.
    detached: true,
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    logStream.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  // Interrupted (Ctrl-C), vitest exits without running teardowns: the server's own process group
  // would outlive the run, holding its port and database. Take it down with the test process.
  const killOnExit = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    logFile,
    log: () => output,
    stop: async () => {
      await stopProcessGroup(child);
      logStream.end();
    },
  };
}

/** Polls /api/health until it answers 200; fails early if the server process dies. */
export async function waitForHealth({ url, process: child, log }: Server): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before it was healthy.\nServer log tail:\n${tail(log())}`);
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

/** Stops a process and everything it spawned (its process group), SIGTERM first: the server drains and exits 0. */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
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
