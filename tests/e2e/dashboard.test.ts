/**
 * The unit completion dashboard end to end, in a real browser against the real server: a reader
 * completes a section by reading it; the unit administrator's dashboard, drill-down, grid and CSV
 * export reflect it; a reminder reaches the reader's home page once a day at most.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { DESKTOP, PHONE, axeViolations, formatViolations, readSlowly, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { DEMO, getE2eDb } from "./session";

const browser = useBrowser();
const MATERIAL = "deep-poverty-speech";
// A demo reader in 组织部第一支部 (县委组织部's subtree) whom no other browser test uses.
const READER = "reader17";

/** Counted readers of 县委组织部's subtree who completed part-9, straight from the rows. */
async function completedPart9InZzb(): Promise<number> {
  const db = await getE2eDb();
  const zzb = await db.unit.findUniqueOrThrow({ where: { code: "SFX-ZZB" }, select: { path: true } });
  return db.sectionProgress.count({
    where: { materialSlug: MATERIAL, sectionSlug: "part-9", completedAt: { not: null }, user: { role: "READER", disabled: false, unit: { path: { startsWith: zzb.path } } } },
  });
}

describe("unit completion dashboard", () => {
  it("shows a section a reader has just completed in the dashboard, drill-down, grid and export", async () => {
    await withPage(browser(), { ...PHONE, account: READER }, async (page) => {
      await page.goto("/");
      // The demo assigns the material to the whole county: the reader sees the task and its due date.
      await page.getByRole("heading", { name: "我的学习任务" }).waitFor();
      await expect(page.getByText(/至 \d{4}-\d{2}-\d{2}/).first().isVisible()).resolves.toBe(true);
      await page.goto(sectionPath("part-9"));
      await readSlowly(page, 44, 60);
      const db = await getE2eDb();
      const user = await db.user.findUniqueOrThrow({ where: { account: READER }, select: { id: true } });
      await expect
        .poll(
          async () =>
            (await db.sectionProgress.findUnique({ where: { userId_materialSlug_sectionSlug: { userId: user.id, materialSlug: MATERIAL, sectionSlug: "part-9" } } }))
              ?.completedAt ?? null,
          { timeout: 40_000, interval: 1000 },
        )
        .not.toBeNull();
    });
    const expected = await completedPart9InZzb();
    expect(expected).toBeGreaterThan(0);
    await withPage(browser(), { ...DESKTOP, account: DEMO.subtreeAdmin }, async (page) => {
      await page.goto("/admin/progress");
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toContain("县委组织部");
      // The funnel's data table: 第九部分's completers equal the rows in the database.
      const funnelRow = page.locator("table", { hasText: "第九部分" }).first().locator("tr", { hasText: "第九部分" }).first();
      // Columns: section, started, completed, headcount, rate.
      await expect(funnelRow.locator("th, td").nth(2).textContent()).resolves.toBe(String(expected));
      expect((await axeViolations(page)).map((v) => v.id), formatViolations(await axeViolations(page))).toEqual([]);
      // Drill down to the reader's branch, then to the grid.
      await page.getByRole("link", { name: "组织部第一支部" }).first().click();
      await page.waitForURL(/unit=/);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toContain("组织部第一支部");
      await expect(page.getByRole("navigation", { name: "当前位置" }).innerText()).resolves.toContain("县委组织部");
      await page.getByRole("link", { name: "查看人员明细" }).click();
      await page.waitForURL(/\/admin\/progress\/people/);
      const row = page.locator("tr", { hasText: READER });
      const headers = await page.locator("thead th").allInnerTexts();
      const part9 = headers.findIndex((h) => h.includes("第九部分"));
      await expect(row.locator("th, td").nth(part9).innerText()).resolves.toContain("✓");
      expect((await axeViolations(page)).map((v) => v.id), formatViolations(await axeViolations(page))).toEqual([]);
      // The CSV export of this view says the same.
      const href = await page.getByRole("link", { name: "导出 CSV（当前筛选）" }).getAttribute("href");
      const response = await page.request.get(href ?? "");
      expect(response.status()).toBe(200);
      const bytes = await response.body();
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(bytes, { bom: true, columns: true }) as Array<Record<string, string>>;
      const mine = rows.find((r) => r["账号"] === READER);
      expect(mine?.["第九部分"]).toMatch(/^已完成/);
      // The person page: the same evidence the reader sees.
      await row.getByRole("link").first().click();
      await page.waitForURL(/\/admin\/progress\/people\/\d+/);
      await expect(page.locator("main").innerText()).resolves.toMatch(/已完成 [1-9]\d* \/ 11 节/);
    });
  }, 150_000);

  it("sends a reminder at most once a day, and the reader sees it on the home page", async () => {
    await withPage(browser(), { ...DESKTOP, account: DEMO.subtreeAdmin }, async (page) => {
      await page.goto("/admin/progress");
      await page.getByRole("link", { name: /提醒未完成的/ }).click();
      await page.waitForURL(/\/admin\/assignments\/\d+\/remind/);
      // A double click sends once: the answer is the first send's, not "已向 0 人".
      await page.getByRole("button", { name: /确认发送提醒/ }).dblclick();
      await expect(page.getByRole("status").filter({ hasText: "已向" }).innerText()).resolves.toMatch(/已向 [1-9]\d* 人发送提醒/);
      await page.reload();
      // Everyone left was reminded today: the confirmation says so and has nobody to send to.
      await expect(page.getByRole("heading", { name: "现在没有需要提醒的学员" }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole("button", { name: /确认发送提醒（0 人）/ }).isDisabled()).resolves.toBe(true);
    });
    await withPage(browser(), { ...DESKTOP, account: "reader02" }, async (page) => {
      await page.goto("/");
      await expect(page.getByText(/单位管理员提醒您/).innerText()).resolves.toContain("请在");
      await page.getByText(/还剩 \d+ \/ 11 节，预计约 \d+ 分钟/).waitFor();
    });
  }, 60_000);

  // Issue 15, items 12 and 19: the rule behind 进行中 and 已完成 is stated next to the figures.
  it.each([
    ["dashboard-390x844.png", { ...PHONE, viewport: { width: 390, height: 844 } }],
    ["dashboard-1366x768.png", { ...DESKTOP, viewport: { width: 1366, height: 768 } }],
  ] as const)("states the counting rule next to the headline figures (%s)", async (name, options) => {
    const file = path.join(RESULTS_DIR, "screenshots", name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await withPage(browser(), { ...options, account: DEMO.subtreeAdmin }, async (page) => {
      await page.goto("/admin/progress");
      const rule = page.getByText("计数口径");
      await expect(rule.isVisible()).resolves.toBe(true);
      const text = await page.locator("p", { hasText: "计数口径" }).innerText();
      expect(text).toMatch(/全部 11 节完成为“已完成”/);
      expect(text).toContain("须读完更新的段落");
      expect(text).toContain("只打开过不算");
      // Right below the figure cards, not somewhere further down the page.
      const cards = await page.locator("#headline ~ dl").boundingBox();
      const ruleBox = await page.locator("p", { hasText: "计数口径" }).boundingBox();
      expect(ruleBox!.y).toBeGreaterThan(cards!.y + cards!.height - 1);
      expect(ruleBox!.y - (cards!.y + cards!.height)).toBeLessThan(40);
      // Nothing sideways on a phone.
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(options.viewport.width);
      await page.screenshot({ path: file, fullPage: false });
    });
  });
});
