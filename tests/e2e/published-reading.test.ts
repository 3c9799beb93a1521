/**
 * A material published from the browser, as its readers meet it in a real browser against the
 * running server: it appears on the home page of its audience within seconds (the server was not
 * rebuilt or restarted), its material and section pages render at their /materials/ addresses —
 * by a full load and by the client router's navigation — reading it is recorded, a reader of
 * another unit gets 404, and once archived it is gone for everyone. Published here through the data
 * layer, as the admin pages do: this process and the server share only the database, like two
 * instances. Screenshots at 390×844 and 1366×768 for a human to judge.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, formatViolations, readSlowly, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots");
const SLUG = "e2e-grassroots-governance";
const TITLE = "基层治理专题学习（组织部）";
const READER = "reader22"; // 组织部第一支部: inside the audience; used by no other browser test
const OUTSIDER = "reader21"; // 县委办公室: outside it
/** The promise: live on every instance within 5 seconds. */
const VISIBLE_WITHIN_MS = 5000;

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1366, height: 768 } };

const paragraph = (text: string) => ({ kind: "paragraph" as const, text, flags: [] });

async function store() {
  const db = await getE2eDb(); // points the data layer at the server's database first
  const materials = await import("@/lib/materials/store");
  const actorOf = async (account: string) => {
    const user = await db.user.findUniqueOrThrow({ where: { account }, select: { id: true, role: true, account: true, unit: { select: { path: true } } } });
    return { id: user.id, role: user.role, account: user.account, unitPath: user.unit.path };
  };
  return { db, ...materials, actorOf };
}


async function publish(): Promise<void> {
  const { publishMaterial, actorOf, db } = await store();
  const zzb = await db.unit.findFirstOrThrow({ where: { code: "SFX-ZZB" }, select: { id: true } });
  await publishMaterial(await actorOf("admin"), {
    slug: SLUG,
    title: TITLE,
    description: "组织部专题：健全基层治理体系，提升基层治理能力。",
    audienceUnitId: zzb.id,
    sections: [
      { slug: "intro", title: "导言", paragraphs: [paragraph("基层治理是国家治理的基石。"), paragraph("坚持和发展新时代枫桥经验，把矛盾纠纷化解在基层。")] },
      {
        slug: "part-1",
        title: "一、健全网格化管理服务",
        paragraphs: Array.from({ length: 6 }, (_, i) => paragraph(`第${i + 1}条：网格员要做到底数清、情况明，及时发现并报告群众急难愁盼问题，推动${"服务下沉、力量下沉".repeat(3)}。`)),
      },
    ],
  });
}

beforeAll(async () => {
  const { db } = await store();
  await db.publishedMaterial.deleteMany({ where: { slug: SLUG } });
});

afterAll(async () => {
  const { db } = await store();
  await db.publishedMaterial.updateMany({ where: { slug: SLUG }, data: { status: "ARCHIVED" } });
  await db.materialsVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
});

describe("a material published while the server runs", () => {
  it("reaches its audience's home page within 5 seconds, and never another unit's", async () => {
    const { sessionCookieFor } = await import("./session");
    const cookie = await sessionCookieFor(READER);
    const home = async () => (await fetch(`${inject("baseURL")}/`, { headers: { cookie: `${cookie.name}=${cookie.value}` } })).text();
    expect(await home()).not.toContain(TITLE);
    // The server shares only the database with this process, as another instance would. Its home
    // page is polled while the publish runs here; timed from the moment the rows were written.
    const publishing = publish();
    let seenAt: number | undefined;
    const giveUpAt = Date.now() + 30_000;
    while (seenAt === undefined) {
      if (Date.now() > giveUpAt) throw new Error("the published material did not reach the home page within 30 s");
      if ((await home()).includes(TITLE)) seenAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await publishing;
    const { db } = await store();
    const writtenAt = (await db.publishedMaterial.findUniqueOrThrow({ where: { slug: SLUG } })).createdAt.getTime();
    expect(seenAt - writtenAt).toBeLessThan(VISIBLE_WITHIN_MS);
    await withPage(browser(), { ...DESKTOP, account: READER }, async (page) => {
      await page.goto("/");
      expect(await page.getByRole("link", { name: TITLE, exact: true }).count()).toBe(1);
    });
    await withPage(browser(), { ...DESKTOP, account: OUTSIDER, allowConsoleErrors: true }, async (page) => {
      await page.goto("/");
      expect(await page.getByRole("link", { name: TITLE }).count()).toBe(0);
      for (const url of [`/materials/${SLUG}`, `/materials/${SLUG}/intro`]) {
        expect((await page.goto(url))?.status(), url).toBe(404);
      }
      await page.goto(`/search?q=${encodeURIComponent("枫桥经验")}`);
      expect(await page.getByText(TITLE).count()).toBe(0);
    });
  });

  it("opens by the client router and by a full load, and records reading", async () => {
    await withPage(browser(), { ...PHONE, account: READER }, async (page) => {
      await page.goto("/");
      // Client navigation: the router's RSC requests (and prefetches) go through the same rewrite.
      await page.getByRole("link", { name: TITLE, exact: true }).click();
      await page.waitForURL(`**/materials/${SLUG}`);
      await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
      await page.getByRole("link", { name: /一、健全网格化管理服务/u }).click();
      await page.waitForURL(`**/materials/${SLUG}/part-1`);
      await page.getByRole("heading", { level: 1, name: "一、健全网格化管理服务" }).waitFor();
      await readSlowly(page, 8, 200);
      const db = await getE2eDb();
      const user = await db.user.findUniqueOrThrow({ where: { account: READER }, select: { id: true } });
      await expect
        .poll(async () => (await db.sectionProgress.findFirst({ where: { userId: user.id, materialSlug: SLUG, sectionSlug: "part-1" } }))?.activeSeconds ?? 0, {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
    });
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const [size, options] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
      await withPage(browser(), { ...options, account: READER }, async (page) => {
        for (const [name, url] of [["material", `/materials/${SLUG}`], ["section", `/materials/${SLUG}/part-1`]]) {
          const response = await page.goto(url!);
          expect(response?.status()).toBe(200);
          // Next's answer allows its scripts by nonce; the lean path's kept copy by their hashes.
          expect(response?.headers()["content-security-policy"]).toMatch(/'nonce-|'sha256-/u);
          const violations = await axeViolations(page);
          expect(violations.map((v) => v.id), formatViolations(violations)).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(options.viewport.width);
          await page.screenshot({ path: path.join(SHOTS, `published-${name}-${size}.png`), fullPage: name === "material" });
        }
      });
    }
  });

  it("is rendered by Next once per revision, then served by the lean path with its scripts allowed by hash", async () => {
    const { sessionCookieFor } = await import("./session");
    const cookie = await sessionCookieFor(READER);
    const url = `${inject("baseURL")}/materials/${SLUG}/intro`;
    const get = () => fetch(url, { headers: { cookie: `${cookie.name}=${cookie.value}`, "accept-encoding": "gzip" } });
    const first = await get();
    const firstHtml = await first.text();
    const kept = await get();
    expect(kept.status).toBe(200);
    const csp = kept.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'sha256-/u);
    expect(csp).not.toMatch(/nonce-/u);
    expect(kept.headers.get("content-encoding")).toBe("gzip");
    expect(kept.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
    const keptHtml = await kept.text();
    expect(keptHtml).toContain("基层治理是国家治理的基石。");
    // The same page either way, the kept copy once served by Next for this revision.
    const withoutNonces = (html: string) => html.replace(/ nonce="[^"]*"/gu, "");
    if (first.headers.get("content-security-policy")?.includes("'sha256-")) expect(keptHtml).toBe(firstHtml);
    else expect(withoutNonces(keptHtml)).toBe(withoutNonces(firstHtml));
    // A reader outside the audience never gets the kept copy.
    const outsider = await sessionCookieFor(OUTSIDER);
    const refused = await fetch(url, { headers: { cookie: `${outsider.name}=${outsider.value}` } });
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain("基层治理是国家治理的基石。");
  });

  it("is gone for its readers within 5 seconds of being archived, its records kept", async () => {
    const { archiveMaterial, actorOf, db } = await store();
    const { sessionCookieFor } = await import("./session");
    const cookie = await sessionCookieFor(READER);
    const status = async () => (await fetch(`${inject("baseURL")}/materials/${SLUG}/part-1`, { headers: { cookie: `${cookie.name}=${cookie.value}` } })).status;
    expect(await status()).toBe(200);
    // Polled while the archive runs here, timed from the moment its row was written.
    const archiving = archiveMaterial(await actorOf("admin"), SLUG);
    let goneAt: number | undefined;
    const giveUpAt = Date.now() + 30_000;
    while (goneAt === undefined) {
      if (Date.now() > giveUpAt) throw new Error("the archived material was still served after 30 s");
      if ((await status()) === 404) goneAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await archiving;
    const archivedAt = (await db.publishedMaterial.findUniqueOrThrow({ where: { slug: SLUG } })).updatedAt.getTime();
    expect(goneAt - archivedAt).toBeLessThan(VISIBLE_WITHIN_MS);
    await withPage(browser(), { ...DESKTOP, account: READER }, async (page) => {
      await page.goto("/");
      expect(await page.getByRole("link", { name: TITLE }).count()).toBe(0);
    });
    expect(await db.sectionProgress.count({ where: { materialSlug: SLUG } })).toBeGreaterThan(0);
  });
});
