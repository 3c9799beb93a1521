import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { materialPath, PHONE, sectionPath, useBrowser, withPage } from "./browser";

const browser = useBrowser();
const WIDTH = PHONE.viewport!.width;

/** Elements sticking out past the right edge, to make an overflow failure easy to fix. */
function overflowing(page: Page, width: number): Promise<string[]> {
  return page.evaluate((limit) => {
    const found: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const rect = element.getBoundingClientRect();
      if (rect.right > limit + 0.5 && rect.width > 0) {
        const name = element.tagName.toLowerCase() + (element.id ? `#${element.id}` : "");
        found.push(`${name} right=${Math.round(rect.right)}px "${(element.textContent ?? "").trim().slice(0, 20)}"`);
      }
    }
    return found.slice(0, 10);
  }, width);
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  const offenders = scrollWidth > WIDTH ? await overflowing(page, WIDTH) : [];
  expect(scrollWidth, `page is wider than the ${WIDTH}px phone:\n${offenders.join("\n")}`).toBeLessThanOrEqual(WIDTH);
}

describe(`on a ${WIDTH}px phone`, () => {
  it.each([
    ["home", "/"],
    ["material overview", materialPath()],
    ["section", sectionPath("part-1")],
    ["search results", `/search?q=${encodeURIComponent("精准施策")}`],
  ])("the %s page does not scroll sideways", async (_label, url) => {
    await withPage(browser(), PHONE, async (page) => {
      await page.goto(url);
      await expectNoHorizontalScroll(page);
    });
  });

  it("a section does not scroll sideways at the largest font size either", async () => {
    await withPage(browser(), PHONE, async (page) => {
      await page.goto(sectionPath("part-1"));
      await page.locator('[role=group][aria-label="字号"]').getByRole("button", { name: "特大", exact: true }).click();
      expect(await page.evaluate(() => document.documentElement.getAttribute("data-font-size"))).toBe("xxl");
      await expectNoHorizontalScroll(page);
    });
  });
});
