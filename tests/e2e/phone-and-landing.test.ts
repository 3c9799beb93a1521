// Issue 15, items 1, 3, 10 and 15, in a real browser at the sizes the issue was tried at: a 390×844
// phone and a 1366×768 office desktop. Screenshots of every page changed are written under
// test-results/screenshots/issue-15/ for a human to look at.
import path from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { materialPath, screenshotter, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { DEMO } from "./session";

const browser = useBrowser();
const PHONE_390: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP_1366: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };
const SIZES = [
  ["390x844", PHONE_390],
  ["1366x768", DESKTOP_1366],
] as const;
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-15");

const screenshot = screenshotter(SHOTS);

/**
 * The page's width and the window's, with the elements sticking out past the screen to make a failure
 * easy to fix. A phone browser widens its layout viewport (innerWidth) to fit a page that overflows,
 * so both are compared with the screen's own width too.
 */
function measureOverflow(page: Page, screenWidth: number): Promise<{ scrollWidth: number; innerWidth: number; offenders: string[] }> {
  return page.evaluate((limit) => {
    const offenders: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const rect = element.getBoundingClientRect();
      if (rect.right > limit + 0.5 && rect.width > 0 && offenders.length < 10) {
        offenders.push(`${element.tagName.toLowerCase()} right=${Math.round(rect.right)}px "${(element.textContent ?? "").trim().slice(0, 20)}"`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, offenders };
  }, screenWidth);
}

describe("pages fit the screen (item 1) and are captured for review", () => {
  it.each([
    ["me", "/me", DEMO.reader, true],
    ["home", "/", DEMO.reader, true],
    ["material", materialPath(), DEMO.reader, true],
    ["section", sectionPath("part-1"), DEMO.reader, true],
    ["login", "/login", null, true],
    ["admin-progress", "/admin/progress", DEMO.subtreeAdmin, false],
    ["admin-people", "/admin/progress/people", DEMO.subtreeAdmin, false],
    ["admin-overview", "/admin", DEMO.systemAdmin, false],
  ] as const)("%s", async (name, url, account, mustFitPhone) => {
    for (const [size, options] of SIZES) {
      await withPage(browser(), { ...options, account }, async (page) => {
        await page.goto(url);
        await page.waitForLoadState("networkidle");
        await screenshot(page, `${name}-${size}`);
        const screenWidth = options.viewport!.width;
        const { scrollWidth, innerWidth, offenders } = await measureOverflow(page, screenWidth);
        // The admin pages' wide tables scroll inside their own region; the reader pages must fit.
        if (mustFitPhone || size !== "390x844") {
          const message = `${url} at ${size} is wider than the screen:\n${offenders.join("\n")}`;
          expect(innerWidth, message).toBe(screenWidth);
          expect(scrollWidth, message).toBeLessThanOrEqual(innerWidth);
        }
        if (url === "/me") {
          // The section table fits too, rather than being cut off at the card's edge.
          const tables = await page.locator('[role=region][aria-label$="各节进度"]').evaluateAll((regions) => regions.map((r) => [r.scrollWidth, r.clientWidth]));
          expect(tables.length).toBeGreaterThan(0);
          for (const [scroll, client] of tables) expect(scroll, `the section table at ${size}`).toBeLessThanOrEqual(client!);
        }
      });
    }
  }, 60_000);
});

type BarCheck = { top: number; left: number; right: number; alpha: number; covered: string[] };

/** Scrolls into the text and checks that the sticky progress bar hides the text beneath it. */
function checkStickyBar(page: Page): Promise<BarCheck> {
  return page.evaluate(async () => {
    window.scrollBy(0, 900);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const bar = document.querySelector('[role=progressbar][aria-label="本节阅读进度"]')!.closest<HTMLElement>(".sticky")!;
    const rect = bar.getBoundingClientRect();
    const color = getComputedStyle(bar).backgroundColor;
    const slash = /\/\s*([\d.]+)\s*\)$/.exec(color);
    const rgba = /^rgba\((?:[^,]+,){3}\s*([\d.]+)\)$/.exec(color);
    const alpha = slash ? Number(slash[1]) : rgba ? Number(rgba[1]) : color === "transparent" ? 0 : 1;
    // Whatever is drawn on top across the text column, at the bar's height, must be the bar itself.
    const text = document.getElementById("section-text")!.getBoundingClientRect();
    const covered: string[] = [];
    for (let x = Math.max(text.left, 0) + 2; x < Math.min(text.right, innerWidth) - 2; x += 20) {
      for (const y of [rect.top + 2, rect.top + rect.height / 2, rect.bottom - 2]) {
        const hit = document.elementFromPoint(x, y);
        if (hit && !bar.contains(hit)) covered.push(`${hit.tagName.toLowerCase()} at ${Math.round(x)},${Math.round(y)}`);
      }
    }
    return { top: rect.top, left: rect.left, right: rect.right, alpha, covered: covered.slice(0, 5) };
  });
}

describe("the sticky 已读 bar (item 3)", () => {
  it.each(SIZES)("hides the text that scrolls under it at %s", async (size, options) => {
    await withPage(browser(), options, async (page) => {
      await page.goto(sectionPath("part-1"));
      await page.getByRole("progressbar", { name: "本节阅读进度" }).waitFor();
      const bar = await checkStickyBar(page);
      expect(bar.top).toBe(0);
      expect(bar.alpha, "the bar's background is opaque").toBe(1);
      expect(bar.covered, "text drawn over the bar").toEqual([]);
      if (size === "390x844") {
        expect(bar.left).toBeLessThanOrEqual(0);
        expect(bar.right).toBeGreaterThanOrEqual(390);
      }
      await page.screenshot({ path: path.join(SHOTS, `section-scrolled-${size}.png`) });
    });
  });
});

describe("the header shows an anonymous visitor only what they can use (item 10)", () => {
  it.each(SIZES)("the sign-in page at %s has no materials, 我的学习, 我的笔记 or search", async (_size, options) => {
    await withPage(browser(), { ...options, account: null }, async (page) => {
      await page.goto("/login");
      await page.getByRole("button", { name: "登录" }).waitFor();
      const banner = page.getByRole("banner");
      await expect(banner.getByRole("link", { name: "学习园地" }).isVisible()).resolves.toBe(true);
      for (const name of ["学习材料", "我的学习", "我的笔记"]) {
        await expect(banner.getByRole("link", { name }).count(), name).resolves.toBe(0);
      }
      await expect(banner.getByRole("navigation").count()).resolves.toBe(0);
      await expect(banner.getByRole("search").count()).resolves.toBe(0);
      await expect(banner.getByRole("searchbox").count()).resolves.toBe(0);
    });
  });

  it("a signed-in reader has them all, on a prerendered page and right after signing in", async () => {
    await withPage(browser(), { ...DESKTOP_1366, account: DEMO.reader }, async (page) => {
      await page.goto("/");
      const banner = page.getByRole("banner");
      for (const name of ["学习材料", "我的学习", "我的笔记"]) await expect(banner.getByRole("link", { name }).isVisible(), name).resolves.toBe(true);
      await expect(banner.getByRole("searchbox").isVisible()).resolves.toBe(true);
    });
  });
});
