/**
 * Oversized request bodies against a real production server (issue 14, finding 2): 10 concurrent
 * 200 MB bodies (chunked with no Content-Length, or declaring theirs) to every route handler that takes a
 * body. Each must be answered 413 in the portal's JSON shape, and the server's memory (VmRSS of
 * every process of its process group) must stay within 100 MB of what it used idle. The bodies are
 * generated while sending, from one reused 64 KB buffer: the test itself never holds 200 MB.
 *
 * Browser-free; it starts its own server on the e2e database, so that it knows the server's
 * process group and nothing else runs in it.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findFreePort } from "../../scripts/bench/processes";
import { LOG_DIR, baseEnv, startServer, waitForHealth, type Server } from "./server";
import { DEMO, sessionCookieFor } from "./session";

const BODY_BYTES = 200 * 1024 * 1024;
const CONCURRENT = 10;
const RSS_MARGIN_BYTES = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "a");
// Persistent connections, as browsers use. (With `Connection: close` Node closes the socket right
// after the 413 while the upload still comes, and the reset can reach the client before the answer.)
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENT });

type Endpoint = { method: string; path: string; who: "reader" | "admin"; contentType: string; prefix: string };

// Every route handler that reads a body. The prefix makes each body start as a plausible request.
const ENDPOINTS: Endpoint[] = [
  { method: "POST", path: "/api/progress", who: "reader", contentType: "application/json", prefix: '{"beats":[' },
  { method: "POST", path: "/api/notes", who: "reader", contentType: "application/json", prefix: '{"body":"' },
  { method: "PATCH", path: "/api/notes/aaaaaaaaaaaaaaaaaaaaaa", who: "reader", contentType: "application/json", prefix: '{"op":"edit","body":"' },
  { method: "PUT", path: "/api/reflections", who: "reader", contentType: "application/json", prefix: '{"material":"deep-poverty-speech","body":"' },
  { method: "POST", path: "/api/reflections/submission", who: "reader", contentType: "application/json", prefix: '{"material":"' },
  { method: "DELETE", path: "/api/reflections/submission", who: "reader", contentType: "application/json", prefix: '{"material":"' },
  {
    method: "POST",
    path: "/api/admin/import",
    who: "admin",
    contentType: "multipart/form-data; boundary=x",
    prefix: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n',
  },
];

// Server actions and form posts to pages: the portal's server refuses them before Next reads a byte
// (lib/server/request-guard.ts): 413 when the declared length is over the actions' 1 MB, 411 when a
// chunked body declares none.
const PAGE_ENDPOINTS: Endpoint[] = [
  { method: "POST", path: "/login", who: "reader", contentType: "text/plain;charset=UTF-8", prefix: '["' },
  {
    method: "POST",
    path: "/admin/users/new",
    who: "admin",
    contentType: "multipart/form-data; boundary=x",
    prefix: '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\n',
  },
];

let server: Server;
const cookies: Record<Endpoint["who"], string> = { reader: "", admin: "" };

/** VmRSS in bytes of every live process of a process group (npx, next start and its workers). */
function groupRss(pgid: number): number {
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"));
      total += rss ? Number(rss[1]) * 1024 : 0;
    } catch {
      // The process exited meanwhile.
    }
  }
  return total;
}

type Answer = { status: number; body: unknown; sent: number };

/**
 * Sends one body of BODY_BYTES, chunked (no Content-Length) or with its true Content-Length,
 * written as fast as the server takes it. Resolves with the answer as soon as it comes; the upload
 * goes on until it is done or the server closes the connection, as a hostile client's would. (A
 * Content-Length smaller than the body cannot carry more than it says through Node's HTTP parser:
 * the unit tests of lib/http/body.ts cover a Request whose header lies.)
 */
function sendHuge(endpoint: Endpoint, declareLength: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const prefix = Buffer.from(endpoint.prefix);
    const headers: http.OutgoingHttpHeaders = { cookie: cookies[endpoint.who], origin: server.url, "content-type": endpoint.contentType };
    // A fetch-driven server action names its action; any id will do, it is refused before lookup.
    if (endpoint.contentType.startsWith("text/plain")) headers["next-action"] = "0".repeat(40);
    // Node's client frames a DELETE body only when told to.
    if (declareLength) headers["content-length"] = String(BODY_BYTES);
    else headers["transfer-encoding"] = "chunked";
    const request = http.request(new URL(endpoint.path, server.url), { method: endpoint.method, headers, agent });
    let sent = 0;
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Kept as text for the failure message.
        }
        resolve({ status: response.statusCode ?? 0, body, sent });
        // Never reuse a connection whose request body was cut short.
        request.destroy();
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(new Error(`${endpoint.method} ${endpoint.path}: no answer after ${sent} bytes (${error.message})`));
    });
    const write = () => {
      while (sent < BODY_BYTES && !request.destroyed) {
        const chunk = sent === 0 ? prefix : CHUNK.subarray(0, Math.min(CHUNK.length, BODY_BYTES - sent));
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", write);
      }
      if (!request.destroyed) request.end();
    };
    write();
  });
}

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  server = startServer(baseEnv(databaseUrl), await findFreePort(), path.join(LOG_DIR, "e2e-body-limits-server.log"));
  await waitForHealth(server);
  for (const [who, account] of [["reader", DEMO.reader], ["admin", DEMO.subtreeAdmin]] as const) {
    const cookie = await sessionCookieFor(account);
    cookies[who] = `${cookie.name}=${cookie.value}`;
  }
  // Load every route once with a small body, so that idle includes the code the burst runs.
  for (const endpoint of ENDPOINTS) {
    const response = await fetch(new URL(endpoint.path, server.url), {
      method: endpoint.method,
      headers: { cookie: cookies[endpoint.who], origin: server.url, "content-type": endpoint.contentType },
      body: "{}",
    });
    expect(response.status, `${endpoint.method} ${endpoint.path} warm-up`).toBeLessThan(500);
  }
}, 120_000);

afterAll(async () => {
  agent.destroy();
  await server?.stop();
});

/** Runs the burst and checks memory; `check` judges each answer (and whether it declared a length). */
async function burst(endpoint: Endpoint, check: (answer: Answer, declared: boolean) => void): Promise<void> {
  const pgid = server.process.pid!;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = groupRss(pgid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, groupRss(pgid))), 50);
  try {
    // Half chunked with no length, half declaring their 200 MB.
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => sendHuge(endpoint, i % 2 === 1)));
    peak = Math.max(peak, groupRss(pgid));
    answers.forEach((answer, i) => check(answer, i % 2 === 1));
  } finally {
    clearInterval(sampler);
  }
  console.log(`[body-limits] ${endpoint.method} ${endpoint.path}: idle ${(idle / 2 ** 20).toFixed(0)} MB, peak ${(peak / 2 ** 20).toFixed(0)} MB`);
  expect(peak - idle).toBeLessThan(RSS_MARGIN_BYTES);
}

describe("oversized bodies on a production server", () => {
  it.each(ENDPOINTS)("$method $path: 10 concurrent 200 MB chunked bodies get 413 and the server stays within 100 MB of idle", async (endpoint) => {
    await burst(endpoint, (answer) => {
      expect(answer.status, JSON.stringify(answer.body)).toBe(413);
      expect(answer.body).toEqual({ ok: false, error: "too_large", message: expect.stringMatching(/[\u4e00-\u9fff]/u) });
    });
  }, 180_000);

  it.each(PAGE_ENDPOINTS)("$method $path (a page: server action or form post): 413 or 411 before Next reads it, within 100 MB of idle", async (endpoint) => {
    await burst(endpoint, (answer, declared) => {
      expect(answer.status, JSON.stringify(answer.body)).toBe(declared ? 413 : 411);
      expect(answer.body).toEqual({ ok: false, error: declared ? "too_large" : "length_required", message: expect.stringMatching(/[\u4e00-\u9fff]/u) });
      // Refused at once: far less than the 200 MB went out before the answer came.
      expect(answer.sent).toBeLessThan(BODY_BYTES / 2);
    });
  }, 180_000);
});
