import fs from "node:fs";
import path from "node:path";
import type { BrowserContextOptions } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DESKTOP, PHONE, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";

const browser = useBrowser();
const SCREENSHOT_DIR = path.join(RESULTS_DIR, "screenshots");

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(file: string): { width: number; height: number } {
  const header = fs.readFileSync(file).subarray(0, 24);
  expect(header.subarray(1, 4).toString("ascii"), `${file} is a PNG`).toBe("PNG");
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

// Saved for a human to look at; the assertions only catch what a machine can (size, overflow).
describe("full-page screenshots of a section", () => {
  it.each<[string, BrowserContextOptions]>([
    ["section-desktop.png", DESKTOP],
    ["section-phone.png", PHONE],
  ])("%s", async (name, options) => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, name);
    fs.rmSync(file, { force: true });
    await withPage(browser(), options, async (page) => {
      await page.goto(sectionPath("part-1"));
      await page.screenshot({ path: file, fullPage: true });
    });
    const scale = options.deviceScaleFactor ?? 1;
    const { width, height } = pngSize(file);
    // A full-page shot grows sideways when content overflows, so its width checks the layout too.
    expect(width).toBe(options.viewport!.width * scale);
    expect(height).toBeGreaterThan(options.viewport!.height * scale);
  });
});
