/**
 * Issue 15, items 5, 7 and 17, in a real browser against the real server: the section page says what
 * is still missing and its table of contents follows the bar without a reload; an untouched page
 * earns no reading time; and a reader who stopped in the middle is offered the way back (once), and
 * 继续学习 leads there. Screenshots go to test-results/screenshots/issue-15-progress/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { MATERIAL_SLUG, materialPath, PHONE, readSlowly, screenshotter, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-15-progress");
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };
const DESKTOP_1366 = { viewport: { width: 1366, height: 768 } };

const screenshot = screenshotter(SHOTS, { fullPage: false });

async function progressRow(account: string, section: string) {
  const db = await getE2eDb();
  const user = await db.user.findUniqueOrThrow({ where: { account }, select: { id: true } });
  return db.sectionProgress.findUnique({ where: { userId_materialSlug_sectionSlug: { userId: user.id, materialSlug: MATERIAL_SLUG, sectionSlug: section } } });
}

async function paragraphIds(section: string): Promise<{ ids: string[]; version: string }> {
  const { getSection } = await import("@/lib/content");
  const found = getSection(MATERIAL_SLUG, section)?.section;
  if (!found) throw new Error(`no section ${section}`);
  return { ids: found.paragraphs.map((p) => p.id), version: found.version };
}

/** The status badge of a section in the section page's table of contents. */
function tocBadge(page: Page, section: string) {
  return page.locator(`nav[aria-labelledby=toc-heading] a[href$="/${section}"] span`).nth(1);
}

const bar = (page: Page) => page.getByRole("progressbar", { name: "本节阅读进度" });
const missing = (page: Page) => page.locator("#section-progress-missing");

/** Records, as the tracker would, that the reader read `ids` of a section (one page view). */
async function readInBrowser(page: Page, section: string, ids: string[], version: string, viewId: string): Promise<void> {
  const status = await page.evaluate(
    async (beat) => (await fetch("/api/progress", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(beat) })).status,
    { material: MATERIAL_SLUG, section, version, viewId, paragraphs: ids, activeSeconds: 20 },
  );
  expect(status).toBe(200);
}

describe("the section page says what is missing, and the table of contents follows the bar (item 5)", () => {
  it("shows the time still needed once every paragraph is read, then 已完成 in the bar and the TOC without a reload", async () => {
    await withPage(browser(), { ...DESKTOP_1366, account: "reader14" }, async (page) => {
      await page.goto(sectionPath("part-9"));
      await expect(tocBadge(page, "part-9").textContent()).resolves.toBe("未读");
      // part-9: 366 characters, so 330 to read and 37 s of active reading (lib/progress/config.ts).
      // Untouched: time is not counting, and the page says so before anything else.
      await expect.poll(() => missing(page).innerText()).toBe("未计时：滚动或点按页面后开始计时");
      await screenshot(page, "missing-before-reading-1366");
      // Both paragraphs are on screen at 1366×768: 25 s reads them; the time is not there yet.
      await readSlowly(page, 28, 0);
      await expect(bar(page).getAttribute("aria-valuetext")).resolves.toBe("已读 100%");
      await expect(missing(page).innerText()).resolves.toBe("再阅读约 1 分钟即可完成本节");
      await expect(tocBadge(page, "part-9").textContent()).resolves.toBe("在读 100%");
      await screenshot(page, "missing-time-1366");
      // Reading on: the server grants 已完成 and the page shows it in place.
      await readSlowly(page, 12, 0);
      await expect.poll(() => tocBadge(page, "part-9").textContent(), { timeout: 30_000, interval: 500 }).toBe("已完成 ✓");
      await expect(bar(page).getAttribute("aria-valuetext")).resolves.toBe("已完成 ✓");
      await expect(missing(page).count()).resolves.toBe(0);
      await expect(page.getByRole("status").filter({ hasText: "本节已完成" }).count()).resolves.toBe(1);
      expect((await progressRow("reader14", "part-9"))?.completedAt).not.toBeNull();
    });
  }, 120_000);

  it("shows what is missing on a phone, with the first unread paragraph", async () => {
    const { getSection } = await import("@/lib/content");
    const { requiredReadChars } = await import("@/lib/progress/config");
    const part4 = getSection(MATERIAL_SLUG, "part-4")!.section;
    const first = part4.paragraphs[0]!;
    await withPage(browser(), { ...PHONE_390, account: "reader15" }, async (page) => {
      await page.goto("/me");
      // Read before, elsewhere: the first paragraph and 20 s (of the 54 s part-4 needs).
      await readInBrowser(page, "part-4", [first.id], part4.version, "e2e-missing-view-1");
      await page.goto(sectionPath("part-4"));
      const chars = requiredReadChars(part4.chars) - first.chars;
      // Untouched, the one line says that time is not counting yet; a first real interaction starts it,
      // and the line says what is still missing.
      await expect.poll(() => missing(page).innerText()).toBe("未计时：滚动或点按页面后开始计时");
      await page.mouse.move(200, 500);
      await page.mouse.move(210, 520);
      await expect.poll(() => missing(page).innerText()).toBe(`再读 ${chars} 字、阅读约 1 分钟即可完成本节（第 2 段起未读）`);
      await expect(missing(page).getByRole("link", { name: "第 2 段起未读" }).getAttribute("href")).resolves.toBe(`#${part4.paragraphs[1]!.id}`);
      await screenshot(page, "missing-390");
    });
  }, 60_000);
});

describe("an untouched page earns no reading time (item 7)", () => {
  it("credits nothing before the first real interaction, in the page and on the server", async () => {
    await withPage(browser(), { ...PHONE_390, account: "reader16" }, async (page) => {
      await page.goto(sectionPath("part-2"));
      await page.waitForTimeout(20_000);
      await expect(missing(page).innerText()).resolves.toContain("未计时");
      // Now the reader reads (points at the page, no scrolling) for about 8 s, then leaves.
      await readSlowly(page, 8, 0);
      await expect.poll(() => missing(page).innerText()).not.toContain("未计时");
      await page.goto("/me");
      await expect.poll(async () => (await progressRow("reader16", "part-2"))?.activeSeconds ?? null, { timeout: 20_000 }).not.toBeNull();
      const seconds = (await progressRow("reader16", "part-2"))?.activeSeconds ?? 0;
      expect(seconds).toBeGreaterThanOrEqual(5);
      expect(seconds).toBeLessThanOrEqual(12);
    });
  }, 90_000);
});

const offer = (page: Page) => page.getByRole("button", { name: "继续上次阅读位置" });

describe("resuming where the reader stopped (item 17)", () => {
  it("points 继续学习 at the paragraph last read, offers the jump back once, by keyboard, without scrolling by itself", async () => {
    const part1 = await paragraphIds("part-1");
    const part3 = await paragraphIds("part-3");
    const middle = part3.ids[Math.floor(part3.ids.length / 2)]!;
    const href = `${sectionPath("part-3")}#${middle}`;
    await withPage(browser(), { ...PHONE_390, account: "reader18" }, async (page) => {
      await page.goto("/me");
      await readInBrowser(page, "part-1", part1.ids.slice(0, 1), part1.version, "e2e-resume-view-1");
      await page.waitForTimeout(1100); // a later updatedAt for part-3
      await readInBrowser(page, "part-3", part3.ids.slice(0, part3.ids.indexOf(middle) + 1), part3.version, "e2e-resume-view-2");
      // 继续学习 on /me, the home page and the material page: part-3 at the paragraph, not intro.
      await page.goto("/me");
      await expect(page.getByRole("link", { name: "继续学习" }).first().getAttribute("href")).resolves.toBe(href);
      await page.goto("/");
      await expect(page.getByRole("link", { name: /^继续学习/ }).first().getAttribute("href")).resolves.toBe(href);
      await page.goto(materialPath());
      await expect(page.getByRole("link", { name: "继续学习" }).getAttribute("href")).resolves.toBe(href);

      // Reopening the section (no #paragraph): the offer, politely announced, and no scrolling.
      await page.goto(sectionPath("part-3"));
      await offer(page).waitFor();
      await expect(page.getByText(`上次读到第 ${part3.ids.indexOf(middle) + 1} 段。`).isVisible()).resolves.toBe(true);
      await expect(offer(page).locator("xpath=ancestor::*[@aria-live='polite']").count()).resolves.toBe(1);
      await expect(page.evaluate(() => window.scrollY)).resolves.toBe(0);
      await screenshot(page, "resume-offer-390");
      // By keyboard: Tab until the offer has focus, then Enter.
      for (let i = 0; i < 30 && !(await offer(page).evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
      await expect(offer(page).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await page.keyboard.press("Enter");
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(middle);
      const box = await page.locator(`[id="${middle}"]`).boundingBox();
      expect(box?.y).toBeGreaterThanOrEqual(0);
      expect(box?.y).toBeLessThan(844 / 2);
      await expect(offer(page).count()).resolves.toBe(0);

      // Opened again in this browser: not offered a second time.
      await page.goto(sectionPath("part-3"));
      await expect.poll(() => bar(page).getAttribute("aria-valuenow")).not.toBe("0");
      await page.waitForTimeout(500);
      await expect(offer(page).count()).resolves.toBe(0);
    });

    // Another device (a fresh browser): offered from the server's record; declining it is remembered too.
    await withPage(browser(), { ...DESKTOP_1366, account: "reader18" }, async (page) => {
      await page.goto(sectionPath("part-3"));
      await offer(page).waitFor();
      await expect(page.evaluate(() => window.scrollY)).resolves.toBe(0);
      await screenshot(page, "resume-offer-1366");
      await page.getByRole("button", { name: "从头阅读" }).click();
      await expect(offer(page).count()).resolves.toBe(0);
      await page.reload();
      await expect.poll(() => bar(page).getAttribute("aria-valuenow")).not.toBe("0");
      await page.waitForTimeout(500);
      await expect(offer(page).count()).resolves.toBe(0);
    });
  }, 120_000);
});
