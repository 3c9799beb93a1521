// Which browser the e2e suites drive (tests/support/chromium.ts): the machine's Chromium when there
// is one, otherwise the build from the npm package, which must draw Chinese text, not empty boxes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, pickSystemChromium, prepareNpmChromium, SYSTEM_CHROMIUM } from "../../support/chromium";

const onDisk = (...files: string[]) => (file: string) => files.includes(file);

describe("pickSystemChromium", () => {
  it("prefers CHROMIUM_PATH, then Debian's /usr/bin/chromium", () => {
    expect(pickSystemChromium({ CHROMIUM_PATH: "/opt/chrome" }, onDisk("/opt/chrome", SYSTEM_CHROMIUM)).path).toBe("/opt/chrome");
    expect(pickSystemChromium({}, onDisk(SYSTEM_CHROMIUM))).toEqual({ path: SYSTEM_CHROMIUM, notes: [] });
  });

  it("passes over a CHROMIUM_PATH with nothing there, saying so", () => {
    expect(pickSystemChromium({ CHROMIUM_PATH: "/nowhere/chromium" }, onDisk(SYSTEM_CHROMIUM))).toEqual({
      path: SYSTEM_CHROMIUM,
      notes: ["no Chromium at /nowhere/chromium (CHROMIUM_PATH)"],
    });
  });

  it("finds none when E2E_HIDE_SYSTEM_CHROMIUM=1 hides the one that exists", () => {
    expect(pickSystemChromium({ E2E_HIDE_SYSTEM_CHROMIUM: "1", CHROMIUM_PATH: "/nowhere/chromium" }, onDisk(SYSTEM_CHROMIUM))).toEqual({
      notes: ["/usr/bin/chromium hidden by E2E_HIDE_SYSTEM_CHROMIUM=1", "no Chromium at /nowhere/chromium (CHROMIUM_PATH)"],
    });
  });

  it("finds none on a machine without a browser", () => {
    expect(pickSystemChromium({}, onDisk()).path).toBeUndefined();
  });
});

describe("the Chromium from the npm registry", () => {
  it("runs a page's script and draws Chinese characters as distinct glyphs", async () => {
    const choice = await prepareNpmChromium();
    expect(choice.source).toBe("npm");
    expect(fs.existsSync(path.join(choice.executablePath, "..", "READY"))).toBe(true);
    const browser = await chromium.launch({ executablePath: choice.executablePath, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, ...choice.env } });
    try {
      const page = await browser.newPage();
      await page.setContent(
        '<body style="font-family: sans-serif; font-size: 48px">' +
          '<span id="a">学</span><span id="b">园</span><span id="c">地</span><script>document.body.dataset.ran = "yes"</script></body>',
      );
      expect(await page.evaluate(() => document.body.dataset.ran)).toBe("yes");
      // Without a CJK font the characters take no room at all (or are drawn as identical boxes):
      // width, and three different pictures, mean a real font.
      const widths = await page.evaluate(() => ["a", "b", "c"].map((id) => document.getElementById(id)!.getBoundingClientRect().width));
      for (const width of widths) expect(width).toBeGreaterThan(30);
      const shots = await Promise.all(["#a", "#b", "#c"].map((selector) => page.locator(selector).screenshot()));
      expect(new Set(shots.map((shot) => shot.toString("base64"))).size).toBe(3);
      await page.screenshot({ path: path.join(os.tmpdir(), "portal-npm-chromium-check.png") });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
