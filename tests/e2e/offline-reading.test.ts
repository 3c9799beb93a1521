/**
 * Issue 18, part 2, in Chromium against the real server: the portal is installable (manifest and a
 * service worker controlling the page), a downloaded material reads offline after a reload, pages
 * that need the server say so in Chinese, the reading done offline reaches the server on reconnect,
 * and a reader's offline data leaves the browser when they sign out or another reader signs in.
 * Screenshots go to test-results/screenshots/issue-18-offline/.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { dragSelect, MATERIAL_SLUG, materialPath, PHONE, readSlowly, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb, signInCookiesFor } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-18-offline");
const READERS = ["sw-reader-1", "sw-reader-2", "sw-reader-3"] as const;
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

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

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

describe("privacy on a shared computer (issue 18)", () => {
  it("deletes a reader's offline data when another reader signs in, and when signing out", async () => {
    await withPage(browser(), { ...DESKTOP_1366, account: READERS[1], allowConsoleErrors: true }, async (page) => {
      await download(page);
      await page.goto("/me");
      await screenshot(page, "me-with-download-1366");
      const db = await getE2eDb();
      const first = await db.user.findUniqueOrThrow({ where: { account: READERS[1] }, select: { id: true } });
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
