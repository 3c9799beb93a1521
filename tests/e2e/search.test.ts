import { describe, expect, it } from "vitest";
import { DESKTOP, materialPath, useBrowser, withPage } from "./browser";
import { loadMaterialSource } from "./content";

const browser = useBrowser();
const material = loadMaterialSource();

const QUERY = "精准施策";
const searchPath = (query: string) => `/search?q=${encodeURIComponent(query)}`;

/** How many source paragraphs contain the query: the number of results search should find. */
function expectedHits(query: string): number {
  return material.sections.flatMap((section) => section.paragraphs).filter((paragraph) => paragraph.includes(query)).length;
}

// Scoped to <main>: Next's route announcer is a second role=alert, inside a shadow root.
describe("search", () => {
  it(`finds every paragraph containing ${QUERY}, highlights it and links to the paragraph`, async () => {
    const hits = expectedHits(QUERY);
    expect(hits, "the fixture content should contain the query at all").toBeGreaterThan(0);

    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(searchPath(QUERY));
      const results = page.locator("main ol > li");
      expect(await results.count()).toBe(hits);

      // Every result highlights the query itself, nothing more and nothing less.
      const marks = await results.evaluateAll((items) =>
        items.map((item) => Array.from(item.querySelectorAll("mark"), (mark) => mark.textContent)),
      );
      for (const texts of marks) {
        expect(texts.length).toBeGreaterThan(0);
        for (const text of texts) expect(text).toBe(QUERY);
      }

      const link = results.first().locator(`a[href^="${materialPath()}/"]`);
      const href = await link.getAttribute("href");
      const linkTitle = await link.textContent();
      expect(href).toMatch(/#p-[0-9a-f]+/u);
      await link.click();

      await page.waitForURL((url) => url.hash.length > 1);
      const url = new URL(page.url());
      expect(`${url.pathname}${url.hash}`).toBe(href);
      expect(await page.locator("h1").textContent()).toBe(linkTitle);
      const paragraph = page.locator(`div.reading [id="${url.hash.slice(1)}"]`);
      expect(await paragraph.count(), `paragraph ${url.hash} exists on the section page`).toBe(1);
      expect(await paragraph.textContent()).toContain(QUERY);
      // The reader lands on the paragraph, not at the top of the page.
      expect(await paragraph.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        return rect.top >= 0 && rect.top < window.innerHeight;
      })).toBe(true);
    });
  });

  it("an empty query shows a prompt instead of results or an error", async () => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(searchPath(""));
      expect(await page.locator("main ol > li").count()).toBe(0);
      expect(await page.locator("main [role=alert]").count()).toBe(0);
      expect(await page.locator("main").innerText()).toContain("请输入");
    });
  });

  it("rejects a query over 50 characters with an alert, and accepts one of exactly 50", async () => {
    const long = "深度贫困地区脱贫攻坚".repeat(6);
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(searchPath(long.slice(0, 51)));
      const alert = page.locator("main [role=alert]");
      expect(await alert.count()).toBe(1);
      expect((await alert.innerText()).trim().length).toBeGreaterThan(0);
      expect(await page.locator("main ol > li").count()).toBe(0);

      await page.goto(searchPath(long.slice(0, 50)));
      expect(await page.locator("main [role=alert]").count()).toBe(0);
    });
  });
});
