import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DESKTOP, sectionPath, useBrowser, withPage } from "./browser";

const browser = useBrowser();

const STORAGE_KEY = "xxyd:font-size";

function fontButton(page: Page, label: string) {
  // exact: "大" would otherwise also match 较大 and 特大.
  return page.locator('[role=group][aria-label="字号"]').getByRole("button", { name: label, exact: true });
}

function paragraphFontSize(page: Page): Promise<number> {
  return page.locator("div.reading p").first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
}

function htmlFontSize(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute("data-font-size"));
}

/** The control's pressed state is restored after hydration, so poll for it rather than race it. */
async function expectPressed(page: Page, label: string): Promise<void> {
  await expect
    .poll(() => fontButton(page, label).getAttribute("aria-pressed"), { message: `${label} is pressed`, timeout: 5_000 })
    .toBe("true");
}

describe("reader font size", () => {
  it("特大 enlarges the text and survives a reload and moving to another section", async () => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(sectionPath("part-1"));
      await expectPressed(page, "标准");
      const standard = await paragraphFontSize(page);

      await fontButton(page, "特大").click();
      await expectPressed(page, "特大");
      expect(await fontButton(page, "标准").getAttribute("aria-pressed")).toBe("false");
      expect(await htmlFontSize(page)).toBe("xxl");
      expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBe("xxl");
      const enlarged = await paragraphFontSize(page);
      expect(enlarged).toBeGreaterThan(standard);

      await page.reload();
      expect(await htmlFontSize(page)).toBe("xxl");
      await expectPressed(page, "特大");
      expect(await paragraphFontSize(page)).toBe(enlarged);

      // Client-side navigation keeps <html>, a full page load re-applies the saved choice.
      await page.locator("a[rel=next]").click();
      await page.waitForURL((url) => url.pathname === sectionPath("part-2"));
      expect(await htmlFontSize(page)).toBe("xxl");
      expect(await paragraphFontSize(page)).toBe(enlarged);

      await page.goto(sectionPath("summary"));
      expect(await htmlFontSize(page)).toBe("xxl");
      await expectPressed(page, "特大");
      expect(await paragraphFontSize(page)).toBe(enlarged);
    });
  });

  it("each step of the control is larger than the one before", async () => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(sectionPath("intro"));
      const sizes: number[] = [];
      for (const label of ["标准", "大", "较大", "特大"]) {
        await fontButton(page, label).click();
        await expectPressed(page, label);
        sizes.push(await paragraphFontSize(page));
      }
      for (let i = 1; i < sizes.length; i++) expect(sizes[i], `step ${i} of ${sizes.join(" < ")}`).toBeGreaterThan(sizes[i - 1]!);
    });
  });
});
