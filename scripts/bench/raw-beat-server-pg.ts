// The machine's limit for recording beats on PostgreSQL: a bare node:http server that runs the very
// statement POST /api/progress runs (lib/progress/store.ts buildBeatStatement, PostgreSQL dialect)
// through `pg` directly, on a pool of the app's size (DATABASE_POOL_SIZE). No framework, no ORM, no
// session lookup (the reader's id comes in a header), no schema validation. Each connection prepares
// the statement once (a named statement), as a hand-written server would.
// Usage: DATABASE_URL=postgresql://… raw-beat-server-pg.ts <port>   (needs --conditions=react-server)
import { createHash } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { getEnv } from "../../lib/env";
import { buildBeatStatement } from "../../lib/progress/store";
import type { Beat } from "../../lib/schemas/progress";
import { BENCH_USER_HEADER } from "./beats";

const [portArg] = process.argv.slice(2);
const env = getEnv();
if (!portArg || !env.DATABASE_URL.startsWith("postgres")) {
  console.error("usage: DATABASE_URL=postgresql://… raw-beat-server-pg.ts <port>");
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
pool.on("error", (error) => console.error("[raw] idle connection failed:", error.message));

// The text is the same for every beat (every value is a parameter); named after its hash.
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `beat_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" };

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, JSON_HEADERS);
  response.end(JSON.stringify(body));
}

async function record(userId: number, text: string): Promise<void> {
  const statement = await buildBeatStatement(userId, JSON.parse(text) as Beat);
  // As lib/sql.ts sends values: Dates as UTC ISO text, undefined as NULL.
  const values = statement.values.map((value) => (value instanceof Date ? value.toISOString() : (value ?? null)));
  await pool.query({ name: nameOf(statement.text), text: statement.text, values });
}

const server = http.createServer((request, response) => {
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
  console.log(`raw pg beat server listening on 127.0.0.1:${portArg} (pool of ${env.DATABASE_POOL_SIZE})`);
});

process.on("SIGTERM", () => server.close(() => {
  void pool.end().finally(() => process.exit(0));
}));
