import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { findFreePort, pinCommand, readCpuSeconds, ROOT, startProcess, stopProcess, waitForOk, type Env, type Managed, type Pinning } from "./processes";

export type Server = {
  name: string;
  origin: string;
  /** CPU seconds the server's processes have used so far, when the OS tells. */
  readCpuSeconds: () => number | undefined;
  /** Stops the server (and everything it started). */
  stop: () => Promise<void>;
};

function toServer(name: string, origin: string, managed: Managed): Server {
  return { name, origin, readCpuSeconds: () => readCpuSeconds(managed), stop: () => stopProcess(managed) };
}

export type NextServerOptions = {
  distDir: string;
  databaseUrl: string;
  logDir: string;
  pinning: Pinning;
  env?: Env;
  /** Tells several servers of one run apart in messages and log file names. */
  name?: string;
  /** The page that must answer 200 before the server counts as started (default /api/health). */
  readyPath?: string;
};

/**
 * The command that runs the portal's production server (scripts/server.ts, what `npm start` runs
 * after migrating) on `port`: one Node process, Next's request handler behind lib/server/.
 */
export function portalServerCommand(port: number, hostname: string): [string, string[]] {
  return [process.execPath, ["--require", "tsx/cjs", "scripts/server.ts", "-p", String(port), "-H", hostname]];
}

/** Starts the production server on a free loopback port and waits until /api/health answers 200. */
export async function startNextServer(options: NextServerOptions): Promise<Server> {
  const name = options.name ?? "next";
  const port = await findFreePort();
  const env: Env = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: options.distDir,
    DATABASE_URL: options.databaseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  const [command, args] = pinCommand(options.pinning, options.pinning.serverCore, ...portalServerCommand(port, "127.0.0.1"));
  const logFile = path.join(options.logDir, name === "next" ? "next-server.log" : `${name}-server.log`);
  const managed = startProcess(`portal server (${name})`, command, args, env, logFile);
  const origin = `http://127.0.0.1:${port}`;
  await waitForOk(`${origin}${options.readyPath ?? "/api/health"}`, managed);
  return toServer(name, origin, managed);
}

export type BareServerOptions = { body: Buffer; contentType: string; logDir: string; pinning: Pinning };

/** Starts the node:http baseline that answers every request with `body`. */
export async function startBareServer(options: BareServerOptions): Promise<Server> {
  const port = await findFreePort();
  const bodyFile = path.join(options.logDir, "bare-body.html");
  fs.writeFileSync(bodyFile, options.body);
  const script = path.join(ROOT, "scripts", "bench", "bare-server.ts");
  // `--import tsx` only costs start-up time; the request path is plain node:http.
  const [command, args] = pinCommand(options.pinning, options.pinning.serverCore, process.execPath, [
    "--import", "tsx", script, String(port), bodyFile, options.contentType,
  ]);
  const logFile = path.join(options.logDir, "bare-server.log");
  const managed = startProcess("bare node:http server", command, args, { ...process.env }, logFile);
  const origin = `http://127.0.0.1:${port}`;
  await waitForOk(`${origin}/`, managed, 20_000);
  return toServer("bare", origin, managed);
}

export type RawBeatServerOptions = {
  /** The bench database, copied so the baseline writes to the same kind of file without sharing it. */
  sourceDbFile: string;
  dbFile: string;
  logDir: string;
  pinning: Pinning;
};

/** A consistent copy of a SQLite database (VACUUM INTO), replacing any earlier copy. */
function copyDatabase(source: string, target: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${target}${suffix}`, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.prepare("VACUUM INTO ?").run(target);
  } finally {
    db.close();
  }
}

/** Starts the raw-driver beat server (raw-beat-server.ts) on its own copy of the bench database. */
export async function startRawBeatServer(options: RawBeatServerOptions): Promise<Server> {
  copyDatabase(options.sourceDbFile, options.dbFile);
  const port = await findFreePort();
  const script = path.join(ROOT, "scripts", "bench", "raw-beat-server.ts");
  // react-server: the statement builder it imports is marked server-only.
  const [command, args] = pinCommand(options.pinning, options.pinning.serverCore, process.execPath, [
    "--conditions=react-server", "--import", "tsx", script, String(port), options.dbFile,
  ]);
  const logFile = path.join(options.logDir, "raw-beat-server.log");
  const env: Env = { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${options.dbFile}` };
  const managed = startProcess("raw better-sqlite3 beat server", command, args, env, logFile);
  const origin = `http://127.0.0.1:${port}`;
  await waitForOk(`${origin}/`, managed, 20_000);
  return toServer("raw", origin, managed);
}
