import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { compact, DESKTOP, materialPath, sectionPath, useBrowser, withPage } from "./browser";
import { loadMaterialSource, loadSourceText, PAYWALL_STRINGS, type SectionSource } from "./content";

const material = loadMaterialSource();
const browser = useBrowser();

const PREV_NEXT = 'nav[aria-label="上一节与下一节"]';

async function expectPathname(page: Page, pathname: string): Promise<void> {
  // Section links are client-side navigations; the URL changes once the new page has rendered.
  await page.waitForURL((url) => url.pathname === pathname);
}

/** Checks one section page against its Markdown source and returns the rendered body text. */
async function checkSection(page: Page, section: SectionSource, index: number): Promise<string> {
  const sections = material.sections;
  await expect.soft(page.locator("h1").textContent()).resolves.toBe(section.title);
  // After a client-side navigation Next sets the title a moment after the URL changes.
  await page.waitForFunction((title) => document.title.includes(title), section.title, { timeout: 5_000 }).catch(() => undefined);
  expect.soft(await page.title()).toContain(section.title);

  const reading = compact(await page.locator("div.reading").innerText());
  expect.soft(reading, `first sentence of ${section.slug}`).toContain(compact(section.firstSentence));
  expect.soft(reading, `last sentence of ${section.slug}`).toContain(compact(section.lastSentence));

  const visible = await page.locator("body").innerText();
  for (const marker of PAYWALL_STRINGS) expect.soft(visible, `paywall text on ${section.slug}`).not.toContain(marker);

  const breadcrumbs = page.locator('nav[aria-label="当前位置"]');
  await expect.soft(breadcrumbs.locator('[aria-current="page"]').textContent()).resolves.toBe(section.title);
  const toc = page.locator("nav[aria-labelledby=toc-heading]");
  // The entry holds the title and, once loaded, the reader's status badge (未读 / 在读 n% / 已完成 ✓).
  await expect.soft(toc.locator('a[aria-current="page"] > span').first().textContent()).resolves.toBe(section.title);

  const previous = sections[index - 1];
  const prevLinks = page.locator(`${PREV_NEXT} a[rel=prev]`);
  if (previous) expect.soft(await prevLinks.getAttribute("href")).toBe(sectionPath(previous.slug));
  else expect.soft(await prevLinks.count(), "the first section has no previous link").toBe(0);
  return reading;
}

describe("reading a material from start to finish", () => {
  it("walks from the home page through every section with the next links", async () => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto("/");
      await page.getByRole("link", { name: material.title, exact: true }).click();
      await expectPathname(page, materialPath());
      expect(await page.locator("h1").textContent()).toBe(material.title);

      // The overview lists every section, in the order material.md gives.
      const overviewLinks = page.locator(`main ol a[href^="${materialPath()}/"]`);
      expect(await overviewLinks.evaluateAll((links) => links.map((link) => link.getAttribute("href")))).toEqual(
        material.sections.map((section) => sectionPath(section.slug)),
      );
      await overviewLinks.first().click();

      const bodies: string[] = [];
      for (const [index, section] of material.sections.entries()) {
        await expectPathname(page, sectionPath(section.slug));
        bodies.push(await checkSection(page, section, index));

        const next = page.locator(`${PREV_NEXT} a[rel=next]`);
        const following = material.sections[index + 1];
        if (following) {
          expect(await next.getAttribute("href")).toBe(sectionPath(following.slug));
          await next.click();
        } else {
          expect(await next.count(), "the last section has no next link").toBe(0);
          await expect(page.locator(PREV_NEXT).innerText()).resolves.toContain("本材料已读完");
        }
      }

      // Together the sections show the whole source text, in order: nothing cut, nothing invented.
      expect(bodies.join("")).toBe(loadSourceText(material.title));
    });
  });
});
