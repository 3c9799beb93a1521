// The machine's limit for recording beats: a bare node:http server that runs the very statement
// POST /api/progress runs (lib/progress/store.ts buildBeatStatement) on better-sqlite3 directly, with
// the app's connection settings. No framework, no ORM, no session lookup (the reader's id comes in a
// header) and no schema validation: what is left is parsing, building the statement and SQLite itself.
// Run as its own process (see startRawBeatServer) so it can be pinned to the servers' core; needs
// `--conditions=react-server` because the store module is server-only.
// Usage: raw-beat-server.ts <port> <sqlite file>
import http from "node:http";
import Database from "better-sqlite3";
import { SQLITE_BUSY_TIMEOUT_MS } from "../../lib/db";
import { buildBeatStatement } from "../../lib/progress/store";
import type { Beat } from "../../lib/schemas/progress";
import { BENCH_USER_HEADER } from "./beats";

const [portArg, file] = process.argv.slice(2);
if (!portArg || !file) {
  console.error("usage: raw-beat-server.ts <port> <sqlite file>");
  process.exit(2);
}

const db = new Database(file);
// The same per-connection settings as lib/db.ts gives Prisma's connection.
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
db.pragma("foreign_keys = ON");

// The statement text is the same for every beat (each value is a bound parameter), so it is
// compiled once, as a hand-written server would; Prisma's adapter prepares it on every call.
const prepared = new Map<string, Database.Statement>();

const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" };

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, JSON_HEADERS);
  response.end(JSON.stringify(body));
}

async function record(userId: number, text: string): Promise<void> {
  const statement = await buildBeatStatement(userId, JSON.parse(text) as Beat);
  let compiled = prepared.get(statement.sql);
  if (!compiled) {
    compiled = db.prepare(statement.sql);
    prepared.set(statement.sql, compiled);
  }
  // The merge returns the stored row (RETURNING), which the portal's answer reports.
  compiled.all(...(statement.values as unknown[]));
}

const server = http.createServer((request, response) => {
  // GET: the readiness probe of the bench runner.
  if (request.method !== "POST") return answer(response, 200, { ok: true });
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const userId = Number(request.headers[BENCH_USER_HEADER]);
    record(userId, Buffer.concat(chunks).toString("utf8")).then(
      () => answer(response, 200, { ok: true, recorded: 1 }),
      (error: unknown) => answer(response, 500, { ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  });
});

server.listen(Number(portArg), "127.0.0.1", () => {
  console.log(`raw beat server listening on 127.0.0.1:${portArg} (${file})`);
});

// Stop cleanly so the runner's SIGTERM needs no SIGKILL follow-up, and SQLite checkpoints its WAL.
process.on("SIGTERM", () => server.close(() => {
  db.close();
  process.exit(0);
}));
