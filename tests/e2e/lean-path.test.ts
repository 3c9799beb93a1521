/**
 * The portal server's lean path (lib/server/lean-routes.ts) on the real production server: reading
 * beats and signed-in readers' prerendered reading pages are answered without Next, with the same
 * checks and the same answer. Browser-free: what matters here is each request's exact answer.
 * Next's own answer to the same page is reached with a query string, which the lean path leaves to
 * Next.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { BrowserContextOptions } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb, sessionCookieFor } from "./session";

const MATERIAL = "deep-poverty-speech";
const SECTION = sectionPath("part-2");

// Accounts no other e2e test uses: each test changes its own.
const READER = "reader25";
const IDLE = "reader26";
const FIRST_PASSWORD = "reader27";
const DISABLED = "reader28";
const BEATER = "reader29";

const baseURL = () => inject("baseURL");
const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "lean-path");
const SIZES: Array<[string, BrowserContextOptions]> = [
  ["390x844", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ["1366x768", { viewport: { width: 1366, height: 768 } }],
];

async function cookieFor(account: string): Promise<string> {
  const cookie = await sessionCookieFor(account);
  return `${cookie.name}=${cookie.value}`;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseURL()}${path}`, { headers: { "accept-encoding": "identity", ...headers }, redirect: "manual" });
}

/** Headers that differ between two answers of the same page for reasons of transport only. */
const TRANSPORT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

function comparableHeaders(response: { headers: Iterable<[string, string]> }): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (TRANSPORT.has(name)) continue;
    // Next repeats x-nextjs-prerender ("1, 1"); the value is the same.
    headers[name] = [...new Set(value.split(", "))].join(", ");
  }
  return headers;
}

/** A GET through Node's http, which adds no header of its own (fetch adds Cache-Control to conditional requests). */
function rawGet(pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: Array<[string, string]> }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseURL()}${pathname}`, { headers }, (response) => {
        response.resume();
        const pairs = Object.entries(response.headers).map(([name, value]): [string, string] => [name, Array.isArray(value) ? value.join(", ") : (value ?? "")]);
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: pairs }));
      })
      .on("error", reject);
  });
}

/**
 * On PostgreSQL the lean path answers from its session cache (lib/auth/session-cache.ts), which hears
 * of a change made in the database (here, by the test) through a notification, a moment after the
 * commit: the answer is polled for up to a second. On SQLite the first request already sees it.
 */
async function statusSoon(request: () => Promise<Response>, expected: number): Promise<Response> {
  const deadline = Date.now() + 1_000;
  for (;;) {
    const response = await request();
    if (response.status === expected || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function sessionRow(cookie: string) {
  const { hashSessionToken } = await import("@/lib/auth/session");
  const db = await getE2eDb();
  return db.session.findUnique({ where: { id: hashSessionToken(cookie.split("=")[1]!) } });
}

async function userId(account: string): Promise<number> {
  return (await (await getE2eDb()).user.findUniqueOrThrow({ where: { account }, select: { id: true } })).id;
}

async function beatBody(overrides: Record<string, unknown> = {}): Promise<string> {
  const { getSection } = await import("@/lib/content");
  const section = getSection(MATERIAL, "part-2")!.section;
  return JSON.stringify({
    material: MATERIAL,
    section: "part-2",
    version: section.version,
    viewId: "view-lean-e2e-1",
    paragraphs: section.paragraphs.slice(0, 1).map((p) => p.id),
    activeSeconds: 15,
    ...overrides,
  });
}

async function postBeat(cookie: string | undefined, body: string, origin: string | null = baseURL()): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (cookie) headers.cookie = cookie;
  if (origin) headers.origin = origin;
  return fetch(`${baseURL()}/api/progress`, { method: "POST", headers, body, redirect: "manual" });
}

describe("the lean path for reading pages", () => {
  it("sends a signed-in reader the page Next sends, with the same headers, gzipped or not, and 304 for its ETag", async () => {
    const cookie = await cookieFor(READER);
    const lean = await get(SECTION, { cookie });
    const viaNext = await get(`${SECTION}?via=next`, { cookie });
    expect(lean.status).toBe(200);
    expect(viaNext.status).toBe(200);
    expect(Buffer.from(await lean.arrayBuffer()).equals(Buffer.from(await viaNext.arrayBuffer()))).toBe(true);
    expect(comparableHeaders(lean)).toEqual(comparableHeaders(viaNext));
    expect(lean.headers.get("content-security-policy")).toMatch(/script-src 'self' 'sha256-/);
    expect(lean.headers.get("x-frame-options")).toBe("DENY");

    // fetch undoes gzip; the bytes must still be the page's.
    const gzipped = await fetch(`${baseURL()}${SECTION}`, { headers: { cookie, "accept-encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(await gzipped.text()).toBe(await (await get(SECTION, { cookie })).text());

    // fetch adds Cache-Control: no-cache to a conditional request, and then Next answers 200: so does
    // the lean path. Node's http sends only what it is given.
    const etag = lean.headers.get("etag")!;
    const conditionalByFetch = await get(SECTION, { cookie, "if-none-match": etag });
    expect(conditionalByFetch.status).toBe(200);
    const notModified = await rawGet(SECTION, { cookie, "if-none-match": etag });
    const notModifiedByNext = await rawGet(`${SECTION}?via=next`, { cookie, "if-none-match": etag });
    expect(notModified.status).toBe(304);
    expect(notModifiedByNext.status).toBe(304);
    expect(comparableHeaders(notModified)).toEqual(comparableHeaders(notModifiedByNext));
  });

  it("sends a visitor without a valid session to sign in, as before", async () => {
    const anonymous = await get(SECTION);
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get("location")).toBe(`/login?next=${encodeURIComponent(SECTION)}`);

    const idle = await cookieFor(IDLE);
    // Each session is used first, so the lean path has it (kept, on PostgreSQL) before it changes.
    expect((await get(SECTION, { cookie: idle })).status).toBe(200);
    const hoursAgo = new Date(Date.now() - 9 * 3_600_000);
    const { hashSessionToken } = await import("@/lib/auth/session");
    await (await getE2eDb()).session.update({ where: { id: hashSessionToken(idle.split("=")[1]!) }, data: { lastSeenAt: hoursAgo } });
    const expired = await statusSoon(() => get(SECTION, { cookie: idle }), 307);
    expect(expired.status).toBe(307);
    expect(expired.headers.get("location")).toMatch(/^\/login\?next=/);
    expect(await sessionRow(idle)).toBeNull();

    const disabled = await cookieFor(DISABLED);
    expect((await get(SECTION, { cookie: disabled })).status).toBe(200);
    await (await getE2eDb()).user.update({ where: { account: DISABLED }, data: { disabled: true } });
    const refused = await statusSoon(() => get(SECTION, { cookie: disabled }), 307);
    expect(refused.status).toBe(307);
    expect(refused.headers.get("location")).toMatch(/^\/login\?next=/);
  });

  it("sends a reader with an initial password to change it first", async () => {
    const cookie = await cookieFor(FIRST_PASSWORD);
    expect((await get(SECTION, { cookie })).status).toBe(200);
    await (await getE2eDb()).user.update({ where: { account: FIRST_PASSWORD }, data: { mustChangePassword: true } });
    const response = await statusSoon(() => get(SECTION, { cookie }), 307);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("/account/password");
  });

  it("serves a page whose scripts run in Chromium under its CSP, at a phone's and a desktop's size", async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const [size, options] of SIZES) {
      // withPage fails the test on any console error, a CSP violation included.
      await withPage(browser(), { ...options, account: READER }, async (page) => {
        const progress = page.waitForResponse((response) => response.url().includes("/api/progress?") && response.request().method() === "GET");
        const document = await page.goto(SECTION);
        // The lean path's answer (a Content-Length; Next streams its pages).
        expect(document?.headers()["content-length"]).toBeDefined();
        // The page's own script asks for the reader's progress: it ran.
        expect((await progress).status()).toBe(200);
        await page.getByRole("progressbar", { name: "本节阅读进度" }).waitFor();
        await page.screenshot({ path: path.join(SHOTS, `section-${size}.png`) });
      });
    }
  }, 60_000);

  it("leaves the client router's RSC and prefetch requests to Next", async () => {
    const cookie = await cookieFor(READER);
    // Next answers a router request without its `_rsc` cache-busting query with a redirect to it;
    // the lean path would have sent the HTML page.
    const routerRequests: Array<Record<string, string>> = [{ rsc: "1" }, { rsc: "1", "next-router-prefetch": "1" }, { "next-router-segment-prefetch": "/_tree", rsc: "1" }];
    for (const headers of routerRequests) {
      const response = await get(SECTION, { cookie, ...headers });
      expect(response.status).toBe(307);
      const location = response.headers.get("location")!;
      expect(location.startsWith(`${SECTION}?_rsc`)).toBe(true);
      // Followed as the router does, Next sends the RSC payload.
      const payload = await get(location, { cookie, ...headers });
      expect(payload.status).toBe(200);
      expect(payload.headers.get("content-type")).toMatch(/^text\/x-component/);
    }
  });
});

describe("the lean path for reading beats", () => {
  it("records a beat, and refuses a stale, a cross-site, an oversized or a signed-out one", async () => {
    const cookie = await cookieFor(BEATER);
    const ok = await postBeat(cookie, await beatBody());
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, recorded: 1, sections: [expect.objectContaining({ slug: "part-2" })] });
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");

    const stale = await postBeat(cookie, await beatBody({ version: "000000000000" }));
    expect(stale.status).toBe(422);
    expect(await stale.json()).toMatchObject({ ok: false, error: "unknown_version", recorded: 0 });

    const crossSite = await postBeat(cookie, await beatBody(), "https://evil.example");
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ error: "cross_origin" });

    const oversized = await postBeat(cookie, JSON.stringify({ beats: [], padding: "x".repeat(300 * 1024) }));
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toMatchObject({ error: "too_large" });

    const signedOut = await postBeat(undefined, await beatBody());
    expect(signedOut.status).toBe(401);

    // The session ended elsewhere (another instance's sign-out): the next beats are refused. The beat
    // repeated before that adds nothing (the merge keeps a view's largest figures).
    const ended = await cookieFor(BEATER);
    expect((await postBeat(ended, await beatBody())).status).toBe(200);
    await (await getE2eDb()).session.delete({ where: { id: (await sessionRow(ended))!.id } });
    const later = await beatBody({ viewId: "view-lean-e2e-2" });
    const afterEnd = await statusSoon(() => postBeat(ended, later), 401);
    expect(afterEnd.status).toBe(401);

    const db = await getE2eDb();
    const rows = await db.sectionProgress.findMany({ where: { userId: await userId(BEATER) }, select: { sectionSlug: true, activeSeconds: true } });
    expect(rows).toEqual([{ sectionSlug: "part-2", activeSeconds: 15 }]);
  });
});
