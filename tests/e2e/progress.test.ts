/**
 * The reading tracker in a real browser against the real server: reading slowly completes a
 * section (and it stays complete after a reload), jumping to the bottom does not, and reading
 * offline is kept and arrives once the connection is back.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PHONE, readSlowly, sectionPath, useBrowser, withPage } from "./browser";
import { getE2eDb } from "./session";

const browser = useBrowser();
const MATERIAL = "deep-poverty-speech";

async function progressRow(account: string, section: string) {
  const db = await getE2eDb();
  const user = await db.user.findUniqueOrThrow({ where: { account }, select: { id: true } });
  return db.sectionProgress.findUnique({ where: { userId_materialSlug_sectionSlug: { userId: user.id, materialSlug: MATERIAL, sectionSlug: section } } });
}

async function badgeText(page: Page, section: string): Promise<string> {
  const link = page.locator(`nav[aria-labelledby=toc-heading] a[href$="/${section}"]`);
  await link.locator("span").nth(1).waitFor();
  return (await link.locator("span").nth(1).textContent()) ?? "";
}

describe("honest reading progress in the browser", () => {
  it("completes a section read slowly, and it stays 已完成 after a reload", async () => {
    await withPage(browser(), { ...PHONE, account: "reader10" }, async (page) => {
      await page.goto(sectionPath("part-9"));
      await expect(badgeText(page, "part-9")).resolves.toBe("未读");
      // part-9 has 366 characters: 37 s of active reading and both paragraphs on screen long enough.
      await readSlowly(page, 44, 60);
      await expect.poll(async () => (await progressRow("reader10", "part-9"))?.completedAt ?? null, { timeout: 40_000, interval: 1000 }).not.toBeNull();
      await page.reload();
      await expect(badgeText(page, "part-9")).resolves.toBe("已完成 ✓");
      await expect(page.getByRole("progressbar", { name: "本节阅读进度" }).getAttribute("aria-valuetext")).resolves.toBe("已完成 ✓");
    });
    await withPage(browser(), { ...PHONE, account: "reader10" }, async (page) => {
      await page.goto("/me");
      await expect(page.locator("main").innerText()).resolves.toMatch(/已完成 1 \/ 11 节/);
    });
  }, 120_000);

  // The reading reaches the server only through the beacon sent as the page closes (no beat is due in
  // 20 s); this failed while the service worker saw /api/ requests (see app/sw.ts).
  it("does not complete a section whose reader jumped straight to the bottom", async () => {
    await withPage(browser(), { ...PHONE, account: "reader11" }, async (page) => {
      await page.goto(sectionPath("part-4"));
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await readSlowly(page, 20, 0);
      // Leaving the page sends what was measured.
      await page.goto("/me");
      await expect.poll(async () => (await progressRow("reader11", "part-4"))?.lastBeatAt ?? null, { timeout: 20_000 }).not.toBeNull();
      const row = await progressRow("reader11", "part-4");
      const { getSection } = await import("@/lib/content");
      const first = getSection(MATERIAL, "part-4")?.section.paragraphs[0]?.id;
      expect(JSON.parse(row?.readParagraphs ?? "[]")).not.toContain(first);
      expect(row?.completedAt).toBeNull();
    });
  }, 90_000);

  it("keeps reading done offline and sends it when the connection returns", async () => {
    await withPage(browser(), { ...PHONE, account: "reader12", allowConsoleErrors: true }, async (page) => {
      await page.goto(sectionPath("part-9"));
      await page.context().setOffline(true);
      await readSlowly(page, 20, 40);
      // Hiding the page flushes; offline, the beat stays queued in localStorage.
      await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
      const queued = await page.evaluate(() => localStorage.getItem("xxyd:progress-queue:v1"));
      expect(queued).toContain("part-9");
      expect(await progressRow("reader12", "part-9")).toBeNull();
      await page.context().setOffline(false);
      await expect.poll(async () => JSON.parse((await progressRow("reader12", "part-9"))?.readParagraphs ?? "[]").length, { timeout: 40_000, interval: 1000 }).toBeGreaterThan(0);
    });
  }, 120_000);
});
