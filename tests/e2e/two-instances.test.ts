/**
 * Two `next start` instances of one build on one fresh PostgreSQL database (PORTAL_INSTANCES=2), as
 * behind a load balancer: a session made on one instance works on the other and ends on both; a
 * server action on a page rendered by one instance runs on the other; failed sign-ins on both count
 * towards one lock; and reading beats split across both instances, racing each other, lose nothing.
 *
 * Both instances get the same NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, as a deployment must. Nothing here
 * proves the key is shared: the app's actions have no closures (bound values travel unencrypted) and
 * one build carries one key anyway; it matters when instances run separate builds.
 */
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "../../lib/setup/migrate-postgres";
import { findFreePort } from "../../scripts/bench/processes";
import { createPostgresDatabase } from "../integration/helpers/postgres";
import { launchBrowser, MATERIAL_SLUG } from "./browser";
import { LOG_DIR, baseEnv, run, startServer, waitForHealth, type Server } from "./server";

const READER = { account: "reader07", password: "Demo-Reader-2026" };
const THROTTLED = { account: "reader08", password: "Demo-Reader-2026" };
/** Failed sign-ins an account may have before the next one locks it (lib/auth/throttle.ts). */
const FREE_FAILURES = 5;
const ADMIN = { account: "admin", password: "Demo-Admin-2026" };
const LOAD_READERS = 200;
const LOAD_SECTIONS = ["intro", "part-1", "part-2"];
const RACE_SECTION = "part-3";
const RACE_BEATS_PER_READER = 4;

type SectionInfo = { version: string; paragraphs: Array<{ id: string; text: string }> };

// Cleanup steps, most recent first: servers stop before their database is dropped. Registered as
// soon as each thing exists, so a failing beforeAll still leaves nothing behind.
const cleanups: Array<() => Promise<unknown>> = [];
let a: Server;
let b: Server;
let browser: Browser | undefined;
let sections: Map<string, SectionInfo>;
let databaseUrl: string;

async function freePorts(): Promise<[number, number]> {
  const first = await findFreePort();
  let second = await findFreePort();
  while (second === first) second = await findFreePort();
  return [first, second];
}

beforeAll(async () => {
  const database = await createPostgresDatabase();
  cleanups.unshift(() => database.drop());
  databaseUrl = database.url;
  await migratePostgres({ connectionString: database.url });
  const setupLog = path.join(LOG_DIR, "two-instances-setup.log");
  const env = {
    ...baseEnv(database.url),
    PORTAL_INSTANCES: "2",
    // Server actions carry their bound arguments encrypted with this key; every instance must share it.
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  await run("npm", ["run", "--silent", "db:seed-demo"], env, setupLog);
  // The build is the one the project's global setup made or checked (tests/e2e/server.ts).
  const [portA, portB] = await freePorts();
  a = startServer(env, portA, path.join(LOG_DIR, "two-instances-a.log"));
  cleanups.unshift(() => a.stop());
  b = startServer(env, portB, path.join(LOG_DIR, "two-instances-b.log"));
  cleanups.unshift(() => b.stop());
  await Promise.all([waitForHealth(a), waitForHealth(b)]);

  // The data layer, for assertions on stored rows: pointed at this test's database before first use.
  process.env.DATABASE_URL = database.url;
  const { closeDb } = await import("@/lib/db");
  cleanups.unshift(() => closeDb());
  const { getSection } = await import("@/lib/content");
  sections = new Map(
    [...LOAD_SECTIONS, RACE_SECTION].map((slug) => {
      const view = getSection(MATERIAL_SLUG, slug);
      if (!view) throw new Error(`missing section ${slug}`);
      return [slug, { version: view.section.version, paragraphs: view.section.paragraphs.map((p) => ({ id: p.id, text: p.text })) }];
    }),
  );
  browser = await launchBrowser();
  cleanups.unshift(() => browser!.close());
}, 300_000);

afterAll(async () => {
  const failures: unknown[] = [];
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, "two-instance test cleanup failed");
}, 60_000);

async function getDb() {
  if (process.env.DATABASE_URL !== databaseUrl) throw new Error("the data layer is not pointed at this test's database");
  return (await import("@/lib/db")).getDb();
}

/** Signs in through the login form of `server`, in a real browser; returns the page, signed in. */
async function signInWithForm(server: Server, account: { account: string; password: string }): Promise<Page> {
  const context = await browser!.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("账号").fill(account.account);
  await page.getByLabel("密码").fill(account.password);
  await page.getByRole("button", { name: "登录" }).click();
  // Each role lands on its own start page (a system administrator on /admin).
  await page.waitForURL((url) => url.pathname === (account === ADMIN ? "/admin" : "/"));
  return page;
}

/** The `name=value` Cookie header of the session the browser holds. */
async function sessionCookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === "xxyd_session");
  if (!session) throw new Error(`no session cookie after signing in (cookies: ${cookies.map((c) => c.name).join(", ")})`);
  return `${session.name}=${session.value}`;
}

type Answer = { status: number; body: Record<string, unknown> };

/** A same-origin JSON request to one instance, as the page's own script sends it. */
async function api(server: Server, cookie: string, method: "GET" | "POST", pathname: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { cookie, origin: server.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: "manual",
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text: text.slice(0, 300) };
  }
  return { status: response.status, body: parsed };
}

/** GET of a page without following redirects: its status and where it sends the visitor. */
async function pageStatus(server: Server, cookie: string, pathname: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${server.url}${pathname}`, { headers: { cookie }, redirect: "manual" });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location") };
}

function beat(section: string, paragraphs: string[], viewId: string) {
  const info = sections.get(section);
  if (!info) throw new Error(`unknown section ${section}`);
  return { material: MATERIAL_SLUG, section, version: info.version, viewId, paragraphs, activeSeconds: 20 };
}

function paragraphIds(section: string): string[] {
  return (sections.get(section)?.paragraphs ?? []).map((p) => p.id);
}

describe("two instances on one PostgreSQL database", () => {
  it("accepts on instance B the session signed in on A, sees B's writes on A, and refuses it on B after signing out on A", async () => {
    const page = await signInWithForm(a, READER);
    try {
      const cookie = await sessionCookieHeader(page);
      // The browser's cookie is for the host, whatever the port: the same browser goes to B.
      await page.goto(`${b.url}/me`);
      expect(new URL(page.url()).pathname).toBe("/me");
      await page.getByRole("heading", { name: "我的学习" }).waitFor();

      // A note and a reading beat saved on B…
      const section = "part-1";
      const info = sections.get(section)!;
      const paragraph = info.paragraphs.find((p) => p.text.length >= 20)!;
      const note = { id: randomUUID(), material: MATERIAL_SLUG, section, version: info.version, paragraphId: paragraph.id, start: 2, quote: paragraph.text.slice(2, 12), body: "在 B 上写的笔记" };
      const saved = await api(b, cookie, "POST", "/api/notes", note);
      expect(saved, JSON.stringify(saved.body)).toMatchObject({ status: 200, body: { ok: true } });
      const beatOnB = await api(b, cookie, "POST", "/api/progress", beat(section, [paragraph.id], "two-instances-view"));
      expect(beatOnB).toMatchObject({ status: 200, body: { ok: true, recorded: 1 } });

      // …are there when A is asked.
      const notesOnA = await api(a, cookie, "GET", `/api/notes?material=${MATERIAL_SLUG}&section=${section}`);
      expect(notesOnA.status).toBe(200);
      expect(notesOnA.body.notes).toEqual([expect.objectContaining({ id: note.id, body: "在 B 上写的笔记", quote: note.quote })]);
      const progressOnA = await api(a, cookie, "GET", `/api/progress?material=${MATERIAL_SLUG}&section=${section}`);
      expect(progressOnA.status).toBe(200);
      expect(progressOnA.body.readParagraphIds).toEqual([paragraph.id]);

      // Signing out on A ends the session for B as well.
      await page.goto(`${a.url}/me`);
      await page.getByRole("button", { name: "退出登录" }).click();
      await page.waitForURL((url) => url.pathname === "/login");
      expect(await api(b, cookie, "POST", "/api/progress", beat(section, [paragraph.id], "two-instances-view"))).toMatchObject({ status: 401 });
      expect(await api(b, cookie, "GET", `/api/notes?material=${MATERIAL_SLUG}&section=${section}`)).toMatchObject({ status: 401 });
      const me = await pageStatus(b, cookie, "/me");
      expect(me.status).toBeGreaterThanOrEqual(300);
      expect(me.status).toBeLessThan(400);
      expect(me.location).toMatch(/^\/login/);
    } finally {
      await page.context().close();
    }
  });

  it("counts failed sign-ins on both instances towards one lock", async () => {
    const context = await browser!.newContext({ locale: "zh-CN" });
    try {
      const page = await context.newPage();
      const attempt = async (server: Server, password: string, answer: string) => {
        await page.goto(`${server.url}/login`);
        await page.getByLabel("账号").fill(THROTTLED.account);
        await page.getByLabel("密码").fill(password);
        await page.getByRole("button", { name: "登录" }).click();
        await page.getByText(answer).waitFor();
      };
      // Alternating instances: each sees only half the failures itself, so only shared counts lock.
      for (let i = 0; i <= FREE_FAILURES; i++) await attempt(i % 2 === 0 ? a : b, "wrong-password", "请检查账号和密码");
      await attempt(a, THROTTLED.password, "登录失败次数过多");
      await attempt(b, THROTTLED.password, "登录失败次数过多");
      expect(new URL(page.url()).pathname).toBe("/login");
    } finally {
      await context.close();
    }
  });

  it("runs on B an administrator's 停用 action on a page rendered by A, and both instances then refuse the account", async () => {
    const reader = await signInWithForm(b, READER);
    const admin = await signInWithForm(a, ADMIN);
    try {
      const readerCookie = await sessionCookieHeader(reader);
      expect((await api(a, readerCookie, "GET", `/api/progress?material=${MATERIAL_SLUG}`)).status).toBe(200);

      const db = await getDb();
      const { id } = await db.user.findUniqueOrThrow({ where: { account: READER.account }, select: { id: true } });
      // The page comes from A; its server action POST goes to B, as a load balancer may send it.
      const sentTo: string[] = [];
      await admin.route(`${a.url}/admin/users/${id}`, async (route) => {
        const request = route.request();
        if (request.method() !== "POST") return route.continue();
        const { host: _host, origin: _origin, ...headers } = request.headers();
        sentTo.push(b.url);
        const response = await route.fetch({ url: request.url().replace(a.url, b.url), headers: { ...headers, origin: b.url } });
        await route.fulfill({ response });
      });
      await admin.goto(`${a.url}/admin/users/${id}`);
      await admin.getByRole("checkbox", { name: /我确认要停用/ }).check();
      await admin.getByRole("button", { name: "停用账号" }).click();
      await admin.getByText("账号已停用，它的所有登录均已退出").waitFor();
      expect(sentTo).toEqual([b.url]);

      const stored = await db.user.findUniqueOrThrow({ where: { id }, select: { disabled: true } });
      expect(stored.disabled).toBe(true);
      for (const server of [a, b]) {
        expect((await api(server, readerCookie, "GET", `/api/progress?material=${MATERIAL_SLUG}`)).status).toBe(401);
        expect((await pageStatus(server, readerCookie, "/me")).location).toMatch(/^\/login/);
      }
      // And the reader cannot sign in again on either instance.
      const again = await browser!.newContext({ locale: "zh-CN" });
      try {
        const page = await again.newPage();
        await page.goto(`${a.url}/login`);
        await page.getByLabel("账号").fill(READER.account);
        await page.getByLabel("密码").fill(READER.password);
        await page.getByRole("button", { name: "登录" }).click();
        await page.getByText("该账号已停用，请联系本单位管理员").waitFor();
      } finally {
        await again.close();
      }
    } finally {
      await reader.context().close();
      await admin.context().close();
    }
  });

  it("shows a material published in the browser on A to a reader on B within 5 s, and a revision made on B on A", async () => {
    const slug = "two-instance-governance";
    const v1 = [
      "基层治理学习要点",
      "为深入学习贯彻全会精神，现将基层治理学习要点印发如下。",
      "一、健全网格化管理服务",
      "网格员要做到底数清、情况明。要及时发现并报告群众急难愁盼问题。",
      "二、推进矛盾纠纷多元化解",
      "坚持和发展新时代枫桥经验。把矛盾纠纷化解在基层。",
    ].join("\n");
    const v2 = v1.replace("把矛盾纠纷化解在基层。", "把矛盾纠纷化解在基层、化解在萌芽状态。");
    const admin = await signInWithForm(a, ADMIN);
    // Not READER: the 停用 test above disabled that account.
    const reader = await signInWithForm(b, { account: "reader09", password: READER.password });
    const cookie = await sessionCookieHeader(reader);
    const text = async (server: Server, pathname: string) => (await fetch(`${server.url}${pathname}`, { headers: { cookie } })).text();
    /** Polls `pathname` on `server` until it contains `needle`; returns when it first did. */
    const seen = async (server: Server, pathname: string, needle: string): Promise<number> => {
      const giveUpAt = Date.now() + 30_000;
      for (;;) {
        if ((await text(server, pathname)).includes(needle)) return Date.now();
        if (Date.now() > giveUpAt) throw new Error(`${needle} not on ${server.url}${pathname} after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const db = await getDb();

    // Publish on A, through the pages, while the reader's home page on B is polled.
    await admin.goto(`${a.url}/admin/materials/new`);
    await admin.setInputFiles("#material-file", { name: "governance.txt", mimeType: "text/plain", buffer: Buffer.from(v1, "utf8") });
    await admin.getByRole("button", { name: "读取并预览" }).click();
    await admin.getByRole("heading", { name: /预览与编辑/u }).waitFor();
    await admin.getByLabel("网址名").fill(slug);
    await admin.getByLabel("阅读范围").selectOption("all");
    expect(await text(b, "/")).not.toContain(`/materials/${slug}`);
    const [seenOnB] = await Promise.all([
      seen(b, "/", `/materials/${slug}`),
      admin.getByRole("button", { name: "发布", exact: true }).click(),
    ]);
    await admin.waitForURL(`**/admin/materials/${slug}?done=published`);
    const published = await db.publishedMaterial.findUniqueOrThrow({ where: { slug } });
    expect(seenOnB - published.createdAt.getTime()).toBeLessThan(5000);
    const section = await db.publishedSection.findFirstOrThrow({ where: { materialSlug: slug, body: { contains: "枫桥经验" } } });
    const sectionPath = `/materials/${slug}/${section.sectionSlug}`;
    await reader.goto(`${b.url}${sectionPath}`);
    expect(await reader.locator("#section-text").innerText()).toContain("把矛盾纠纷化解在基层。");

    // Revise on B (the administrator's session works there too) while the section page on A is polled.
    await admin.goto(`${b.url}/admin/materials/${slug}/revise`);
    await admin.setInputFiles("#material-file", { name: "governance-v2.txt", mimeType: "text/plain", buffer: Buffer.from(v2, "utf8") });
    await admin.getByRole("button", { name: "读取新版本并预览" }).click();
    await admin.getByRole("button", { name: "查看修改内容" }).click();
    await admin.getByRole("heading", { name: "本次修订的变化" }).waitFor();
    expect(await text(a, sectionPath)).not.toContain("化解在萌芽状态");
    const [seenOnA] = await Promise.all([seen(a, sectionPath, "化解在萌芽状态"), admin.getByRole("button", { name: "确认发布修订" }).click()]);
    await admin.waitForURL(`**/admin/materials/${slug}?done=revised`);
    const revised = await db.publishedMaterial.findUniqueOrThrow({ where: { slug } });
    expect(revised.revision).toBe(2);
    expect(seenOnA - revised.updatedAt.getTime()).toBeLessThan(5000);
    await admin.context().close();
    await reader.context().close();
  }, 120_000);

  it("loses no beat when 200 readers' beats alternate between the instances and race on one section", async () => {
    const db = await getDb();
    const unit = await db.unit.findFirstOrThrow({ where: { code: "SFX-BGS" }, select: { id: true } });
    const accounts = Array.from({ length: LOAD_READERS }, (_, i) => `multi-${String(i).padStart(3, "0")}`);
    // Password hashes are irrelevant here: these readers get sessions directly (sign-in is tested above).
    await db.user.createMany({ data: accounts.map((account) => ({ account, name: account, unitId: unit.id, passwordHash: "-", mustChangePassword: false })) });
    const { createSession } = await import("@/lib/auth/session");
    const users = await db.user.findMany({ where: { account: { in: accounts } }, select: { id: true } });
    const readers = await Promise.all(users.map(async ({ id }) => ({ id, cookie: `xxyd_session=${(await createSession(id, { userAgent: "two-instances" })).token}` })));
    expect(readers).toHaveLength(LOAD_READERS);

    // What each (reader, section) must end up with: the union of every paragraph sent for it.
    const expected = new Map<string, Set<string>>();
    const requests: Array<() => Promise<{ server: string; answer: Answer }>> = [];
    let n = 0;
    const send = (reader: { id: number; cookie: string }, section: string, paragraphs: string[], viewId: string) => {
      const key = `${reader.id}/${section}`;
      const union = expected.get(key) ?? new Set<string>();
      for (const id of paragraphs) union.add(id);
      expected.set(key, union);
      const server = n++ % 2 === 0 ? a : b;
      requests.push(async () => ({ server: server.url, answer: await api(server, reader.cookie, "POST", "/api/progress", beat(section, paragraphs, viewId)) }));
    };
    const raceIds = paragraphIds(RACE_SECTION);
    // Racing beats name different paragraphs (cycling through the section), so each one adds to the union.
    expect(raceIds.length).toBeGreaterThanOrEqual(2);
    for (const [index, reader] of readers.entries()) {
      // One beat per section, naming a paragraph that depends on the reader, so rows differ.
      for (const section of LOAD_SECTIONS) {
        const ids = paragraphIds(section);
        send(reader, section, [ids[index % ids.length]!, ids[(index + 1) % ids.length]!], `load-${reader.id}-${section}`);
      }
      // Beats of several tabs on one section at once, each naming a different paragraph, alternating instances.
      for (let i = 0; i < RACE_BEATS_PER_READER; i++) send(reader, RACE_SECTION, [raceIds[(index + i) % raceIds.length]!], `race-${reader.id}-${i}`);
    }

    const results = await Promise.all(requests.map((request) => request()));
    const failed = results.filter(({ answer }) => answer.status !== 200 || answer.body.ok !== true || answer.body.recorded !== 1);
    expect(failed.slice(0, 5), `${failed.length} of ${results.length} beats failed`).toEqual([]);
    // Both instances really served beats.
    expect(results.filter((r) => r.server === a.url).length).toBe(results.length / 2);

    const rows = await db.sectionProgress.findMany({
      where: { userId: { in: readers.map((r) => r.id) }, materialSlug: MATERIAL_SLUG },
      select: { userId: true, sectionSlug: true, readParagraphs: true },
    });
    expect(rows).toHaveLength(LOAD_READERS * (LOAD_SECTIONS.length + 1));
    for (const row of rows) {
      const want = [...(expected.get(`${row.userId}/${row.sectionSlug}`) ?? [])].sort();
      expect(want.length, `${row.userId}/${row.sectionSlug}`).toBeGreaterThan(0);
      expect((JSON.parse(row.readParagraphs) as string[]).sort(), `${row.userId}/${row.sectionSlug}`).toEqual(want);
    }
  }, 180_000);
});
