// The portal server's lean path for reading beats (lib/server/lean-routes.ts) against Next's route
// handler (app/api/progress/route.ts): every check the route makes, on Node's own request, with the
// same answer (status, body, Cache-Control, Content-Type) and the same database afterwards.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { USERS, createSessionFor, useAccountFixture } from "../admin/fixtures";
import { request as nextRequest } from "../helpers/next-request";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

const MATERIAL = "deep-poverty-speech";
const HOST = "portal.test";
const ORIGIN = `http://${HOST}`;

type Answer = { status: number; body: unknown; cacheControl: string | null; contentType: string | null };
type Post = { token?: string; origin?: string | null; body: string; path?: string };

let server: http.Server;
let port: number;

beforeAll(async () => {
  const { registerLeanRoutes } = await import("@/lib/server/lean-routes");
  const { getLeanRouter } = await import("@/lib/server/lean-registry");
  const { checkCrossSiteAction, checkPageBody, sendRefusal, trustForwardedHeaders } = await import("@/lib/server/request-guard");
  registerLeanRoutes();
  // The portal server's listener (lib/server/portal-server.ts) with a 404 where Next would be.
  server = http.createServer((req, res) => {
    trustForwardedHeaders(req, 0);
    const refusal = checkCrossSiteAction(req) ?? checkPageBody(req);
    if (refusal) return sendRefusal(req, res, refusal);
    const toNext = async () => void res.writeHead(404, { "Content-Type": "text/plain" }).end("left to Next");
    const lean = getLeanRouter()?.(req);
    void (lean ? lean(req, res, toNext) : toNext());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends the request to the lean path, as a browser at ORIGIN would (Host: portal.test). */
function postLean({ token, origin = ORIGIN, body, path = "/api/progress" }: Post): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: HOST, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
    if (origin) headers.origin = origin;
    if (token) headers.cookie = `theme=1; xxyd_session=${token}`;
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          body: res.headers["content-type"]?.startsWith("application/json") ? JSON.parse(text) : text,
          cacheControl: res.headers["cache-control"] ?? null,
          contentType: res.headers["content-type"] ?? null,
        });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends the same request to Next's route handler. */
async function postRoute({ token, origin = ORIGIN, body }: Post): Promise<Answer> {
  const { POST } = await import("@/app/api/progress/route");
  nextRequest.token = token;
  const headers: Record<string, string> = { host: HOST, "content-type": "application/json" };
  if (origin) headers.origin = origin;
  const response = await POST(new Request(`${ORIGIN}/api/progress`, { method: "POST", headers, body }));
  return { status: response.status, body: await response.json(), cacheControl: response.headers.get("cache-control"), contentType: response.headers.get("content-type") };
}

async function getSectionBeat(overrides: Record<string, unknown> = {}) {
  const { getSection } = await import("@/lib/content");
  const section = getSection(MATERIAL, "part-1")!.section;
  return {
    material: MATERIAL,
    section: section.slug,
    version: section.version,
    viewId: "view-lean-0001",
    paragraphs: section.paragraphs.slice(0, 2).map((p) => p.id),
    activeSeconds: 20,
    ...overrides,
  };
}

async function progressRows() {
  const { getDb } = await import("@/lib/db");
  const rows = await (await getDb()).sectionProgress.findMany({ select: { userId: true, sectionSlug: true, readParagraphs: true, activeSeconds: true, furthestIndex: true } });
  // The read set as a set: PostgreSQL writes the merged JSON array with other spacing than SQLite.
  return rows.map((row) => ({ ...row, readParagraphs: (JSON.parse(row.readParagraphs) as string[]).sort() }));
}

/** Both paths give the same answer, and neither writes any progress. */
async function expectSameRefusal(post: Post, status: number, error: string): Promise<void> {
  const lean = await postLean(post);
  const route = await postRoute(post);
  expect(lean).toEqual(route);
  expect(lean.status).toBe(status);
  expect(lean.body).toMatchObject({ ok: false, error });
  expect(lean.cacheControl).toBe("no-store");
  expect(await progressRows()).toEqual([]);
}

async function updateSession(token: string, data: { lastSeenAt?: Date; expiresAt?: Date }): Promise<void> {
  const { getDb } = await import("@/lib/db");
  const { hashSessionToken } = await import("@/lib/auth/session");
  await (await getDb()).session.update({ where: { id: hashSessionToken(token) }, data });
}

describe("the lean beat path", () => {
  it("records a beat as the route does, and merges monotonically", async () => {
    const token = await createSessionFor("readerA1");
    const beat = await getSectionBeat();
    const first = await postLean({ token, body: JSON.stringify(beat) });
    expect(first).toMatchObject({ status: 200, body: { ok: true, recorded: 1 }, cacheControl: "no-store", contentType: "application/json" });
    // The section's status as the server now sees it, so the page can follow without a reload.
    expect((first.body as { sections?: unknown }).sections).toEqual([expect.objectContaining({ material: beat.material, slug: "part-1", state: "reading" })]);
    const [stored] = await progressRows();
    expect(stored).toMatchObject({ userId: USERS.readerA1.id, sectionSlug: "part-1", furthestIndex: 1 });
    // A stale beat of the same view, naming fewer paragraphs and fewer seconds, takes nothing away.
    const stale = await postLean({ token, body: JSON.stringify({ ...beat, paragraphs: beat.paragraphs.slice(0, 1), activeSeconds: 5 }) });
    expect(stale.status).toBe(200);
    expect(await progressRows()).toEqual([stored]);
    // Next's route answers the same request the same way.
    const viaRoute = await postRoute({ token, body: JSON.stringify({ ...beat, paragraphs: beat.paragraphs.slice(0, 1), activeSeconds: 5 }) });
    expect(viaRoute).toEqual(stale);
  });

  it("answers a beat of a page version that no longer exists 422 on both paths", async () => {
    const token = await createSessionFor("readerA1");
    await expectSameRefusal({ token, body: JSON.stringify(await getSectionBeat({ version: "000000000000" })) }, 422, "unknown_version");
  });

  it("refuses without a session, and with an idle, an expired or a disabled one", async () => {
    const body = JSON.stringify(await getSectionBeat());
    await expectSameRefusal({ body }, 401, "unauthorized");
    await expectSameRefusal({ token: "not-a-session", body }, 401, "unauthorized");

    const idle = await createSessionFor("readerA1");
    await updateSession(idle, { lastSeenAt: new Date(Date.now() - 9 * 3_600_000) });
    await expectSameRefusal({ token: idle, body }, 401, "unauthorized");

    const expired = await createSessionFor("readerA1");
    await updateSession(expired, { expiresAt: new Date(Date.now() - 1000) });
    await expectSameRefusal({ token: expired, body }, 401, "unauthorized");

    const { getDb } = await import("@/lib/db");
    const db = await getDb();
    const disabled = await createSessionFor("readerB");
    await db.user.update({ where: { id: USERS.readerB.id }, data: { disabled: true } });
    await expectSameRefusal({ token: disabled, body }, 401, "unauthorized");
    // Ended sessions are deleted on sight, by either path.
    expect(await db.session.count({ where: { userId: { in: [USERS.readerA1.id, USERS.readerB.id] } } })).toBe(0);
  });

  it("refuses a reader who must still change the initial password", async () => {
    const { getDb } = await import("@/lib/db");
    await (await getDb()).user.update({ where: { id: USERS.readerA.id }, data: { mustChangePassword: true } });
    const token = await createSessionFor("readerA");
    await expectSameRefusal({ token, body: JSON.stringify(await getSectionBeat()) }, 403, "password_change_required");
  });

  it("refuses a cross-site beat and one without Origin", async () => {
    const token = await createSessionFor("readerA1");
    const body = JSON.stringify(await getSectionBeat());
    await expectSameRefusal({ token, origin: "https://evil.example", body }, 403, "cross_origin");
    await expectSameRefusal({ token, origin: null, body }, 403, "cross_origin");
  });

  it("refuses a body over 256 kB, bad JSON and a body that is not a beat", async () => {
    const token = await createSessionFor("readerA1");
    const beat = await getSectionBeat();
    await expectSameRefusal({ token, body: JSON.stringify({ ...beat, padding: "x".repeat(300 * 1024) }) }, 413, "too_large");
    await expectSameRefusal({ token, body: "{not json" }, 400, "invalid_json");
    await expectSameRefusal({ token, body: JSON.stringify({ ...beat, activeSeconds: -1 }) }, 400, "invalid_beat");
    await expectSameRefusal({ token, body: JSON.stringify({ ...beat, extra: 1 }) }, 400, "invalid_beat");
  });

  it("takes POST /api/progress with a query string, and leaves every other request to Next", async () => {
    const token = await createSessionFor("readerA1");
    expect((await postLean({ token, path: "/api/progress?x=1", body: JSON.stringify(await getSectionBeat()) })).status).toBe(200);
    expect(await postLean({ token, path: "/api/progress/", body: "{}" })).toMatchObject({ status: 404, body: "left to Next" });
    expect(await postLean({ token, path: "/api/progressive", body: "{}" })).toMatchObject({ status: 404, body: "left to Next" });
    const get = await new Promise<number>((resolve) => http.get({ host: "127.0.0.1", port, path: "/api/progress?material=x", headers: { host: HOST } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }));
    expect(get).toBe(404);
  });
});
