/**
 * Issue 18, part 2, in Chromium against the real server: the portal is installable (manifest and a
 * service worker controlling the page), a downloaded material reads offline after a reload, pages
 * that need the server say so in Chinese, the reading done offline reaches the server on reconnect,
 * and a reader's offline data leaves the browser when they sign out or another reader signs in.
 * Screenshots go to test-results/screenshots/issue-18-offline/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dragSelect, MATERIAL_SLUG, materialPath, PHONE, readSlowly, screenshotter, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb, signInCookiesFor } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-18-offline");
const READERS = ["sw-reader-1", "sw-reader-2", "sw-reader-3", "sw-reader-4", "sw-reader-5"] as const;
const DESKTOP_1366 = { viewport: { width: 1366, height: 768 } };
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };

beforeAll(async () => {
  const db = await getE2eDb();
  const unit = await db.unit.create({ data: { name: "离线缓存测试单位", code: "SW-E2E", path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  for (const account of READERS) {
    await db.user.create({ data: { account, name: `离线缓存${account.slice(-1)}`, unitId: unit.id, passwordHash: "-", mustChangePassword: false } });
  }
});

/** A material published from the browser during this file, revised while a reader holds it offline. */
const REVISED = "e2e-offline-revised";
const REVISED_TITLE = "离线修订测试材料";
const paragraph = (text: string) => ({ kind: "paragraph" as const, text, flags: [] });
const revisedSections = (intro: string) => [
  { slug: "intro", title: "导言", paragraphs: [paragraph(intro), paragraph("坚持和发展新时代枫桥经验，把矛盾纠纷化解在基层。")] },
  { slug: "part-1", title: "一、网格化管理", paragraphs: [paragraph("网格员要做到底数清、情况明。")] },
];

async function materialsStore() {
  const db = await getE2eDb(); // points the data layer at the server's database first
  const store = await import("@/lib/materials/store");
  const admin = await db.user.findUniqueOrThrow({ where: { account: "admin" }, select: { id: true, role: true, account: true, unit: { select: { path: true } } } });
  return { db, ...store, admin: { id: admin.id, role: admin.role, account: admin.account, unitPath: admin.unit.path } };
}

afterAll(async () => {
  const { db } = await materialsStore();
  await db.publishedMaterial.updateMany({ where: { slug: REVISED }, data: { status: "ARCHIVED" } });
  await db.materialsVersion.updateMany({ where: { id: 1 }, data: { version: { increment: 1 } } });
});

const screenshot = screenshotter(SHOTS);

/** Waits until the service worker is active and controls the page. */
async function waitForWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 10_000 }).toBe(true);
}

async function download(page: Page): Promise<void> {
  await page.goto(materialPath());
  await waitForWorker(page);
  await page.getByRole("button", { name: "下载离线阅读" }).click();
  await expect.poll(() => page.locator("#offline-download-heading + div [role=status]").innerText(), { timeout: 30_000 }).toMatch(/^已可离线阅读/);
}

const storageKeys = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("xxyd:")).sort());
const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

describe("installable (issue 18)", () => {
  it("links a manifest named 学习园地 with 192 and 512 icons, maskable too, and registers a service worker", async () => {
    await withPage(browser(), { ...DESKTOP_1366, account: READERS[0] }, async (page) => {
      await page.goto("/");
      const href = await page.locator("link[rel=manifest]").getAttribute("href");
      expect(href).toBeTruthy();
      const manifest = await page.evaluate(async (url) => (await fetch(url)).json(), href!);
      expect(manifest).toMatchObject({ name: "学习园地", start_url: "/", display: "standalone", theme_color: "#991b1b" });
      const icons = manifest.icons as Array<{ src: string; sizes: string; purpose: string }>;
      expect(icons.map((i) => `${i.sizes}/${i.purpose}`).sort()).toEqual(["192x192/any", "192x192/maskable", "512x512/any", "512x512/maskable"]);
      for (const icon of icons) expect(await page.evaluate(async (src) => (await fetch(src)).headers.get("content-type"), icon.src)).toBe("image/png");
      await waitForWorker(page);
      const script = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
      expect(new URL(script!).pathname).toBe("/serwist/sw.js");
    });
  });
});

describe("reading offline (issue 18)", () => {
  it("reads a downloaded material offline after a reload, says 离线, and sends the reading on reconnect", async () => {
    const account = READERS[0];
    await withPage(browser(), { ...DESKTOP_1366, account, allowConsoleErrors: true }, async (page) => {
      await download(page);
      await screenshot(page, "material-downloaded-1366");
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, "material-downloaded-390");
      await page.setViewportSize(DESKTOP_1366.viewport);
      const context = page.context();
      await context.setOffline(true);
      await page.reload();
      await expect(page.locator("h1").innerText()).resolves.toBeTruthy();
      await expect(page.getByText("离线", { exact: true }).count()).resolves.toBe(1);
      for (const section of ["part-1", "part-2", "part-3"]) {
        await page.goto(sectionPath(section));
        await expect(page.locator("article h1").innerText()).resolves.toBeTruthy();
        expect(await page.locator("article p").count()).toBeGreaterThan(1);
      }
      await readSlowly(page, 8, 0);
      await screenshot(page, "section-offline-1366");
      await context.setOffline(false);
      await expect.poll(() => page.getByText("离线", { exact: true }).count()).toBe(0);
      // Still on the section page: the reading done offline goes out on reconnect.
      const db = await getE2eDb();
      const user = await db.user.findUniqueOrThrow({ where: { account }, select: { id: true } });
      await expect
        .poll(async () => (await db.sectionProgress.findUnique({ where: { userId_materialSlug_sectionSlug: { userId: user.id, materialSlug: MATERIAL_SLUG, sectionSlug: "part-3" } } }))?.activeSeconds ?? 0, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(5);
      // 我的学习 lists the download, with a remove button that empties the cache of it.
      await page.goto("/me");
      // The list is drawn by the page's script from what this browser holds: wait for it.
      await page.getByRole("heading", { name: "本机离线内容" }).waitFor();
      await expect(page.getByRole("heading", { name: "本机离线内容" }).count()).resolves.toBe(1);
      await screenshot(page, "me-offline-list-1366");
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, "me-offline-list-390");
      await page.getByRole("button", { name: /删除/ }).click();
      await expect.poll(() => page.getByText("还没有下载离线阅读的材料").count()).toBe(1);
      const cached = await page.evaluate(async (url) => Boolean(await caches.match(url)), sectionPath("part-7"));
      expect(cached).toBe(false);
    });
  }, 120_000);

  it("completes a section and writes a note offline; on reconnect the server has both, once", async () => {
    const account = READERS[2];
    await withPage(browser(), { ...DESKTOP_1366, account, allowConsoleErrors: true }, async (page) => {
      await download(page);
      await page.context().setOffline(true);
      // part-9: 366 characters, both paragraphs on screen at 1366×768, 37 s of reading to complete.
      await page.goto(sectionPath("part-9"));
      await page.getByRole("button", { name: /^本节笔记/ }).waitFor();
      await readSlowly(page, 42, 0);
      await dragSelect(page, 0, 2, 12);
      await page.getByRole("button", { name: "写笔记" }).click();
      await page.getByRole("textbox", { name: /^笔记：/ }).fill("离线时写下的笔记");
      await page.waitForTimeout(2000);
      await page.context().setOffline(false);
      const db = await getE2eDb();
      const user = await db.user.findUniqueOrThrow({ where: { account }, select: { id: true } });
      const where = { userId_materialSlug_sectionSlug: { userId: user.id, materialSlug: MATERIAL_SLUG, sectionSlug: "part-9" } };
      await expect.poll(async () => (await db.sectionProgress.findUnique({ where }))?.completedAt ?? null, { timeout: 30_000 }).not.toBeNull();
      await expect
        .poll(async () => (await db.note.findMany({ where: { userId: user.id, deletedAt: null }, select: { body: true } })).map((n) => n.body), { timeout: 40_000 })
        .toEqual(["离线时写下的笔记"]);
    });
  }, 150_000);

  it("keeps what was read offline when the session expired meanwhile, asks to sign in again, then sends it", async () => {
    const account = READERS[4];
    await withPage(browser(), { ...DESKTOP_1366, account, allowConsoleErrors: true }, async (page) => {
      const db = await getE2eDb();
      const user = await db.user.findUniqueOrThrow({ where: { account }, select: { id: true } });
      const where = { userId_materialSlug_sectionSlug: { userId: user.id, materialSlug: MATERIAL_SLUG, sectionSlug: "part-5" } };
      await page.goto(sectionPath("part-5"));
      await page.context().setOffline(true);
      await readSlowly(page, 12, 0);
      // The session ends while the reader is offline (an administrator signed them out, or it expired).
      await db.session.deleteMany({ where: { userId: user.id } });
      await page.context().setOffline(false);
      await page.getByText("登录已失效，阅读记录已保存在本机，重新登录后将自动上传").waitFor({ timeout: 15_000 });
      await screenshot(page, "signed-out-with-queued-reading-1366");
      await page.setViewportSize(PHONE_390.viewport);
      await screenshot(page, "signed-out-with-queued-reading-390");
      await page.setViewportSize(DESKTOP_1366.viewport);
      const signIn = page.getByRole("link", { name: "在新窗口重新登录" });
      expect(await signIn.getAttribute("href")).toBe(`/login?next=${encodeURIComponent(sectionPath("part-5"))}`);
      expect(await signIn.getAttribute("target")).toBe("_blank");
      expect(await db.sectionProgress.findUnique({ where })).toBeNull();
      expect(await page.evaluate(() => localStorage.getItem("xxyd:progress-queue:v1"))).toContain("part-5");
      // Signed in again (in another tab), the reader comes back to this one: the reading goes out.
      await page.context().addCookies(await signInCookiesFor(account));
      await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
      await expect.poll(async () => (await db.sectionProgress.findUnique({ where }))?.activeSeconds ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(8);
      await expect.poll(() => page.getByText("登录已失效", { exact: false }).count()).toBe(0);
    });
  }, 90_000);

  it("shows a Chinese offline page for pages that need the server", async () => {
    for (const [name, options] of [["390", PHONE_390], ["1366", DESKTOP_1366]] as const) {
      await withPage(browser(), { ...options, account: READERS[1], allowConsoleErrors: true }, async (page) => {
        await page.goto("/");
        await waitForWorker(page);
        await page.context().setOffline(true);
        for (const pathname of ["/search?q=扶贫", "/account/password"]) {
          await page.goto(pathname);
          await expect(page.locator("h1").innerText()).resolves.toBe("当前处于离线状态");
        }
        await screenshot(page, `offline-page-${name}`);
      });
    }
  });
});

describe("updates (issue 18)", () => {
  it("replaces a revised material's downloaded pages on the next online visit, so offline reads the new text", async () => {
    const { db, publishMaterial, reviseMaterial, admin } = await materialsStore();
    await db.publishedMaterial.deleteMany({ where: { slug: REVISED } });
    await publishMaterial(admin, { slug: REVISED, title: REVISED_TITLE, audienceUnitId: null, sections: revisedSections("基层治理是国家治理的基石。") });
    await withPage(browser(), { ...PHONE_390, account: READERS[3], allowConsoleErrors: true }, async (page) => {
      const status = page.locator("#offline-download-heading + div [role=status]");
      const introPath = `/materials/${REVISED}/intro`;
      const cachedText = (pathname: string) => page.evaluate(async (url) => (await (await caches.match(url))?.text()) ?? null, pathname);
      await page.goto(`/materials/${REVISED}`);
      await waitForWorker(page);
      await page.getByRole("button", { name: "下载离线阅读" }).click();
      await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/^已可离线阅读（3 页，/u);
      expect(await cachedText(introPath)).toContain("基层治理是国家治理的基石。");

      // The administrator revises the introduction; the reader's next online visit, to any page, updates the copy.
      await reviseMaterial(admin, REVISED, { title: REVISED_TITLE, sections: revisedSections("基层治理是国家治理的基石，也是联系服务群众的最后一公里。") });
      // Each part of the server looks for new revisions at most once a second: the visit is after the
      // endpoint the page will ask has seen this one.
      const described = async () => (await page.request.get(`/api/offline/materials?slug=${REVISED}`)).json() as Promise<{ materials: Array<{ revision: string }>; gone: string[] }>;
      const stored = async () => page.evaluate(() => JSON.parse(localStorage.getItem("xxyd:offline-downloads:v1") ?? "[]")[0]?.revision as string);
      const before = await stored();
      await expect.poll(async () => (await described()).materials[0]?.revision, { timeout: 10_000 }).not.toBe(before);
      await page.goto("/me");
      const notice = page.getByText(`离线内容已更新：《${REVISED_TITLE}》`);
      await notice.waitFor({ timeout: 20_000 });
      await screenshot(page, "downloads-updated-390");
      await page.setViewportSize(DESKTOP_1366.viewport);
      await screenshot(page, "downloads-updated-1366");
      await page.setViewportSize(PHONE_390.viewport);
      expect(await cachedText(introPath)).toContain("联系服务群众的最后一公里");

      // Offline, the section shows the revised text.
      await page.context().setOffline(true);
      await page.goto(introPath);
      await expect(page.locator("article").innerText()).resolves.toContain("联系服务群众的最后一公里");

      // Archived: the next online visit deletes the copy, as the reader may no longer read it.
      await page.context().setOffline(false);
      const { archiveMaterial } = await materialsStore();
      await archiveMaterial(admin, REVISED);
      await expect.poll(async () => (await described()).gone, { timeout: 10_000 }).toEqual([REVISED]);
      await page.goto("/me");
      await page.getByText(`已删除不再可读材料的离线内容：《${REVISED_TITLE}》`).waitFor({ timeout: 20_000 });
      expect(await cachedText(introPath)).toBeNull();
      expect(await page.getByText("还没有下载离线阅读的材料").count()).toBe(1);
    });
  }, 120_000);
});

describe("privacy on a shared computer (issue 18)", () => {
  it("deletes a reader's offline data when another reader signs in, and when signing out", async () => {
    await withPage(browser(), { ...DESKTOP_1366, account: READERS[1], allowConsoleErrors: true }, async (page) => {
      await download(page);
      await page.goto("/me");
      await screenshot(page, "me-with-download-1366");
      const db = await getE2eDb();
      const first = await db.user.findUniqueOrThrow({ where: { account: READERS[1] }, select: { id: true } });
      // The first reader's 我的笔记, opened online, is kept for reading offline.
      const secret = "第一位读者的私人笔记：不应被下一位读者看到";
      const now = new Date();
      await db.note.create({
        data: { id: "5a0e3c1e-7d3b-4f7e-9a51-0f1f00000018", userId: first.id, materialSlug: MATERIAL_SLUG, sectionSlug: "intro", paragraphId: "p-0000000000", version: "v", startOffset: 0, quote: "引文", prefix: "", suffix: "", body: secret, createdAt: now, updatedAt: now },
      });
      await page.goto("/me/notes");
      await expect(page.getByText(secret).count()).resolves.toBe(1);
      const draftKey = `xxyd:draft:v1:#${first.id}:note:x`; // lib/notes/drafts.ts, owner by id
      await page.evaluate((key) => localStorage.setItem(key, "private"), draftKey);
      expect(await cacheNames(page)).toContain("xxyd-personal-v1");
      expect(await storageKeys(page)).toContain("xxyd:offline-downloads:v1");
      // Another reader signs in on the same browser.
      await page.context().addCookies(await signInCookiesFor(READERS[2]));
      await page.goto("/me");
      await expect.poll(() => cacheNames(page)).not.toContain("xxyd-personal-v1");
      expect(await storageKeys(page)).not.toContain("xxyd:offline-downloads:v1");
      expect(await storageKeys(page)).not.toContain(draftKey);
      expect(await page.getByText("还没有下载离线阅读的材料").count()).toBe(1);
      // Offline, the second reader's 我的笔记 is not the first one's copy.
      await page.context().setOffline(true);
      await page.goto("/me/notes");
      await expect(page.locator("h1").innerText()).resolves.toBeTruthy();
      await expect(page.getByText(secret).count()).resolves.toBe(0);
      await page.context().setOffline(false);
      // The second reader signs out: their cached 我的学习 goes too.
      await page.goto("/me");
      await expect.poll(() => cacheNames(page)).toContain("xxyd-personal-v1");
      await page.getByRole("button", { name: "退出登录" }).click();
      await page.waitForURL(/\/login|\/$/);
      await expect.poll(() => cacheNames(page)).not.toContain("xxyd-personal-v1");
      expect((await storageKeys(page)).filter((k) => /offline|draft|progress-queue/.test(k))).toEqual([]);
    });
  }, 120_000);
});
