import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compact, DESKTOP, sectionPath, useBrowser, withPage } from "./browser";
import { loadMaterialSource } from "./content";
import { RESULTS_DIR } from "./paths";

const browser = useBrowser();
const section = loadMaterialSource().sections[1]!;

// Screen-only furniture that has no place on paper.
const HIDDEN_IN_PRINT = {
  "site header": "body > header",
  breadcrumbs: 'nav[aria-label="当前位置"]',
  "table of contents": "nav[aria-labelledby=toc-heading]",
  "previous/next links": 'nav[aria-label="上一节与下一节"]',
  "font size control": '[role=group][aria-label="字号"]',
  "site footer": "body > footer",
};

describe("printing a section", () => {
  it("prints the title and the whole text without the page furniture", async () => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(sectionPath(section.slug));
      // Every selector must match on screen first, or "hidden in print" would pass vacuously.
      for (const [name, selector] of Object.entries(HIDDEN_IN_PRINT)) {
        expect(await page.locator(selector).count(), `${name} exists on screen`).toBeGreaterThan(0);
      }

      await page.emulateMedia({ media: "print" });
      for (const [name, selector] of Object.entries(HIDDEN_IN_PRINT)) {
        for (const element of await page.locator(selector).all()) {
          expect(await element.isVisible(), `${name} is hidden in print`).toBe(false);
        }
      }
      expect(await page.locator("h1").isVisible()).toBe(true);
      expect(await page.locator("div.reading").isVisible()).toBe(true);
      // The whole section reaches paper, not just what fits a screen.
      expect(compact(await page.locator("div.reading").innerText())).toBe(compact(section.paragraphs.join("")));

      const pdfFile = path.join(RESULTS_DIR, "section.pdf");
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      const pdf = await page.pdf({ path: pdfFile, format: "A4", printBackground: true });
      expect(pdf.subarray(0, 5).toString("ascii")).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(10_000);
    });
  });
});
