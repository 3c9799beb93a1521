import { describe, expect, it } from "vitest";
import { DESKTOP, materialPath, sectionPath, useBrowser, withPage } from "./browser";

const browser = useBrowser();

describe("unknown addresses", () => {
  it.each([
    ["an unknown material", materialPath("no-such-material")],
    ["an unknown section", sectionPath("no-such-section")],
    ["a section of an unknown material", sectionPath("intro", "no-such-material")],
  ])("%s answers 404 with the not-found page", async (_label, url) => {
    // The browser logs the 404 response as a console error; that is expected here.
    await withPage(browser(), { ...DESKTOP, allowConsoleErrors: true }, async (page) => {
      const response = await page.goto(url);
      expect(response?.status()).toBe(404);
      expect(await page.locator("h1").textContent()).toBe("页面不存在");
      // The way back works: the not-found page links to the material list.
      expect(await page.getByRole("link", { name: "返回学习材料列表" }).getAttribute("href")).toBe("/");
    });
  });
});
