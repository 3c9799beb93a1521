/**
 * The production server (scripts/server.ts, what `npm start` runs) against forged forwarding
 * headers, with no trusted proxy and with one (issue 14, findings 1 and 9). Browser-free: plain
 * HTTP requests, as an attacker's script would send them, to a real server on a database of its own;
 * sign-ins are posted as the login page's own form posts them without JavaScript.
 *
 * - TRUSTED_PROXY_HOPS=0: the address throttled and audited is the socket's, whatever
 *   X-Forwarded-For says; X-Forwarded-Proto and X-Forwarded-Host count for nothing.
 * - TRUSTED_PROXY_HOPS=1: the entry the proxy appended (left of the proxy's own address) counts, and
 *   so do the proxy's X-Forwarded-Proto and X-Forwarded-Host.
 * - A server action posted from another site gets a 403, not Next's 500.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../scripts/bench/processes";
import { LOG_DIR, baseEnv, run, startServer, waitForHealth, type Server } from "./server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-forwarded-"));
const databaseUrl = `file:${path.join(dir, "portal.db")}`;
const ACCOUNT = { account: "proxy-reader", password: "Proxy-Reader-2026" };
const WRONG_PASSWORD_TEXT = "请检查账号和密码";
const LOCKED_TEXT = "登录失败次数过多";

type Db = Awaited<ReturnType<typeof import("@/lib/db").getDb>>;
let db: Db;
let sessionCookie: string;
let adminCookie: string;
let unitId: number;

beforeAll(async () => {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  await run("npx", ["--no-install", "prisma", "migrate", "deploy"], baseEnv(databaseUrl), path.join(LOG_DIR, "forwarded-headers-setup.log"));
  // The data layer reads DATABASE_URL once, at first use: point it at this test's database first.
  process.env.DATABASE_URL = databaseUrl;
  const { getDb } = await import("@/lib/db");
  const { hashPassword } = await import("@/lib/auth/password");
  const { createSession, SESSION_COOKIE } = await import("@/lib/auth/session");
  db = await getDb();
  const unit = await db.unit.create({ data: { name: "代理测试单位", code: "PROXY", path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  const user = await db.user.create({
    data: { account: ACCOUNT.account, name: "代理测试", unitId: unit.id, passwordHash: await hashPassword(ACCOUNT.password), mustChangePassword: false },
  });
  sessionCookie = `${SESSION_COOKIE}=${(await createSession(user.id, { userAgent: "forwarded-headers test" })).token}`;
  const admin = await db.user.create({ data: { account: "proxy-admin", name: "代理测试管理员", unitId: unit.id, role: "SYSTEM_ADMIN", passwordHash: "-", mustChangePassword: false } });
  adminCookie = `${SESSION_COOKIE}=${(await createSession(admin.id, { userAgent: "forwarded-headers test" })).token}`;
  unitId = unit.id;
}, 120_000);

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the production server with this many trusted proxy hops, for the tests of one describe block. */
function useServer(hops: number): { server: () => Server } {
  let server: Server | undefined;
  beforeAll(async () => {
    // Each block starts with no failed sign-in on record, so one block's lock cannot decide another's.
    await db.loginAttempt.deleteMany();
    const env = { ...baseEnv(databaseUrl), TRUSTED_PROXY_HOPS: String(hops), COOKIE_SECURE: "auto" };
    server = startServer(env, await findFreePort(), path.join(LOG_DIR, `forwarded-headers-hops-${hops}.log`));
    await waitForHealth(server);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  return { server: () => server! };
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** One HTTP request with exactly these headers (Host and Origin included, which fetch() would not let a page choose). */
function send(server: Server, options: { method: string; path: string; headers: Record<string, string>; body?: Buffer }): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

function decodeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The hidden fields of the login form: the server action's id and state, as a browser without JavaScript posts them. */
async function loginFormFields(server: Server): Promise<Array<[string, string]>> {
  const page = await send(server, { method: "GET", path: "/login", headers: {} });
  expect(page.status).toBe(200);
  const form = page.text.match(/<form[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/)?.[1] ?? "";
  const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map(([, name, value]) => [decodeHtml(name!), decodeHtml(value ?? "")] as [string, string]);
  expect(fields.map(([name]) => name)).toContain("$ACTION_KEY");
  return fields;
}

/** The action id of the login form (for posts shaped like the page script's, with a Next-Action header). */
function actionId(fields: Array<[string, string]>): string {
  const reference = fields.find(([name]) => /^\$ACTION_\d+:0$/.test(name));
  return (JSON.parse(reference![1]) as { id: string }).id;
}

/** A multipart body as the browser would encode the form. */
async function multipart(fields: Array<[string, string]>): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const encoded = new Request("http://encode.invalid/", { method: "POST", body: form });
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! };
}

/** Posts the login form with these credentials and extra headers (Origin defaults to the server's own). */
async function postLogin(server: Server, credentials: { account: string; password: string }, headers: Record<string, string> = {}): Promise<Answer> {
  const fields = await loginFormFields(server);
  const { body, contentType } = await multipart([...fields, ["account", credentials.account], ["password", credentials.password]]);
  return send(server, { method: "POST", path: "/login", headers: { origin: server.url, "content-type": contentType, ...headers }, body });
}

async function lastAttempt(account: string) {
  return db.loginAttempt.findFirst({ where: { account }, orderBy: { id: "desc" }, select: { ip: true, succeeded: true } });
}

async function lastAuditIp(account: string): Promise<string | null | undefined> {
  const rows = await db.auditLog.findMany({ where: { action: "login.failure" }, orderBy: { id: "desc" }, take: 50, select: { ip: true, detail: true } });
  return rows.find((row) => (JSON.parse(row.detail ?? "{}") as { account?: string }).account === account)?.ip;
}

function sessionSetCookie(answer: Answer): string {
  const cookies = answer.headers["set-cookie"] ?? [];
  const session = cookies.find((cookie) => cookie.startsWith("xxyd_session="));
  if (!session) throw new Error(`no session cookie in the answer (HTTP ${answer.status}; cookies: ${cookies.join(" | ")})`);
  return session;
}

/** A same-shaped reading beat whose content is wrong: a request past the origin check gets 400, one refused by it 403. */
async function postBeat(server: Server, headers: Record<string, string>): Promise<Answer> {
  const body = Buffer.from(JSON.stringify({ material: "no-such-material" }));
  return send(server, { method: "POST", path: "/api/progress", headers: { cookie: sessionCookie, "content-type": "application/json", ...headers }, body });
}

/** The address a route handler wrote to the audit log: an administrator's export, with these extra headers. */
async function exportAuditIp(server: Server, headers: Record<string, string>): Promise<string | null | undefined> {
  const query = new URLSearchParams({ unit: String(unitId), material: "deep-poverty-speech", format: "csv", view: "rollup" });
  const answer = await send(server, { method: "GET", path: `/api/admin/progress/export?${query}`, headers: { cookie: adminCookie, ...headers } });
  expect(answer.status, answer.text.slice(0, 300)).toBe(200);
  const row = await db.auditLog.findFirst({ where: { action: "report.export" }, orderBy: { id: "desc" }, select: { ip: true } });
  return row?.ip;
}

describe("the production server with TRUSTED_PROXY_HOPS=0 (clients connect directly)", () => {
  const { server } = useServer(0);

  it("throttles and audits the socket's address, not the X-Forwarded-For a client wrote", async () => {
    const answer = await postLogin(server(), { account: "forged-for-1", password: "wrong-password-1" }, { "x-forwarded-for": "10.9.9.10" });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(WRONG_PASSWORD_TEXT);
    expect(await lastAttempt("forged-for-1")).toEqual({ ip: "127.0.0.1", succeeded: false });
    expect(await lastAuditIp("forged-for-1")).toBe("127.0.0.1");
    // Route handlers read the same header.
    expect(await exportAuditIp(server(), { "x-forwarded-for": "10.9.9.11" })).toBe("127.0.0.1");
  });

  it("keeps an address locked after too many failures, whatever X-Forwarded-For each attempt claims", async () => {
    const { THROTTLE } = await import("@/lib/auth/throttle");
    await db.loginAttempt.deleteMany();
    // A new account and a new forged address every time: only the real address ties them together.
    for (let i = 0; i <= THROTTLE.ipFreeFailures; i++) {
      const answer = await postLogin(server(), { account: `spray-${i}`, password: "wrong-password-1" }, { "x-forwarded-for": `10.9.${i}.10` });
      expect(answer.text).toContain(WRONG_PASSWORD_TEXT);
    }
    const next = await postLogin(server(), { account: "spray-next", password: "wrong-password-1" }, { "x-forwarded-for": "10.9.200.10" });
    expect(next.text).toContain(LOCKED_TEXT);
    // Even the right password does not get past the address's lock with yet another forged header.
    const right = await postLogin(server(), ACCOUNT, { "x-forwarded-for": "192.0.2.99, 10.9.201.10" });
    expect(right.status).toBe(200);
    expect(right.text).toContain(LOCKED_TEXT);
    const ips = await db.loginAttempt.findMany({ distinct: ["ip"], select: { ip: true } });
    expect(ips).toEqual([{ ip: "127.0.0.1" }]);
    await db.loginAttempt.deleteMany();
  }, 180_000);

  it("marks the session cookie Secure only for HTTPS it saw itself, not for a client's X-Forwarded-Proto", async () => {
    const answer = await postLogin(server(), ACCOUNT, { "x-forwarded-proto": "https" });
    expect(answer.status).toBe(303);
    expect(sessionSetCookie(answer)).not.toMatch(/;\s*secure/i);
  });

  it("answers a server action posted from another site with 403 before running it", async () => {
    const fields = await loginFormFields(server());
    const before = await db.loginAttempt.count();
    // As the page's script posts an action (Next-Action header), from another site's page.
    const byScript = await send(server(), {
      method: "POST",
      path: "/login",
      headers: { origin: "https://evil.example", "next-action": actionId(fields), "content-type": "text/plain;charset=UTF-8" },
      body: Buffer.from(JSON.stringify([{ ok: false }, "$K1"])),
    });
    expect(byScript.status).toBe(403);
    expect(byScript.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(byScript.text)).toEqual({ ok: false, error: "cross_origin", message: "请求来源无效，请从本站页面提交" });
    // As a form on another site posts it without JavaScript.
    const byForm = await postLogin(server(), { account: "csrf-victim", password: "wrong-password-1" }, { origin: "https://evil.example" });
    expect(byForm.status).toBe(403);
    // A forged X-Forwarded-Host naming the other site does not make it this site's.
    const forgedHost = await postLogin(server(), { account: "csrf-victim", password: "wrong-password-1" }, { origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(forgedHost.status).toBe(403);
    expect(await db.loginAttempt.count()).toBe(before);
    // The same form from this site's own page runs.
    const own = await postLogin(server(), { account: "csrf-victim", password: "wrong-password-1" });
    expect(own.status).toBe(200);
    expect(own.text).toContain(WRONG_PASSWORD_TEXT);
    expect(await db.loginAttempt.count()).toBe(before + 1);
  });

  it("does not let a forged X-Forwarded-Host carry a cross-site write past a route handler's origin check", async () => {
    const forged = await postBeat(server(), { origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.text)).toMatchObject({ ok: false, error: "cross_origin" });
    // From the site itself the same request passes the check and is refused for its content.
    expect((await postBeat(server(), { origin: server().url })).status).toBe(400);
  });
});

describe("the production server with TRUSTED_PROXY_HOPS=1 (behind one reverse proxy)", () => {
  const { server } = useServer(1);
  const PUBLIC_HOST = "xuexi.example.gov.cn";

  it("throttles and audits the address the proxy appended, not what the client wrote before it", async () => {
    // The proxy appends the client's address; this server appends the proxy's (here: the test's).
    await postLogin(server(), { account: "proxied-1", password: "wrong-password-1" }, { "x-forwarded-for": "10.9.9.10, 203.0.113.7" });
    expect(await lastAttempt("proxied-1")).toEqual({ ip: "203.0.113.7", succeeded: false });
    expect(await lastAuditIp("proxied-1")).toBe("203.0.113.7");
    expect(await exportAuditIp(server(), { "x-forwarded-for": "10.9.9.11, 203.0.113.8" })).toBe("203.0.113.8");
    // A proxy that sent no header at all: the nearest address known is the proxy's own.
    await postLogin(server(), { account: "proxied-2", password: "wrong-password-1" });
    expect(await lastAttempt("proxied-2")).toEqual({ ip: "127.0.0.1", succeeded: false });
  });

  it("marks the session cookie Secure when the proxy says the client used HTTPS", async () => {
    const answer = await postLogin(server(), ACCOUNT, { "x-forwarded-proto": "https" });
    expect(answer.status).toBe(303);
    expect(sessionSetCookie(answer)).toMatch(/;\s*secure/i);
  });

  it("checks a server action's and a route handler's Origin against the proxy's X-Forwarded-Host", async () => {
    const proxied = { "x-forwarded-host": PUBLIC_HOST, "x-forwarded-proto": "https" };
    const own = await postLogin(server(), { account: "proxied-3", password: "wrong-password-1" }, { ...proxied, origin: `https://${PUBLIC_HOST}` });
    expect(own.status).toBe(200);
    expect(own.text).toContain(WRONG_PASSWORD_TEXT);
    const crossSite = await postLogin(server(), { account: "proxied-3", password: "wrong-password-1" }, { ...proxied, origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    // The address the test connected to is not the public one any more.
    expect((await postLogin(server(), { account: "proxied-3", password: "wrong-password-1" }, proxied)).status).toBe(403);
    expect((await postBeat(server(), { ...proxied, origin: `https://${PUBLIC_HOST}` })).status).toBe(400);
    expect((await postBeat(server(), { ...proxied, origin: server().url })).status).toBe(403);
  });
});
