/**
 * The system administrator's audit log (in Chinese, filtered) and the unit administrator's reminder
 * confirmation, in a real browser at a phone's 390×844 and an office desktop's 1366×768: axe finds
 * nothing, and a full-page screenshot of each is kept under test-results/screenshots/admin-reports/.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { getChinaDay } from "@/lib/china-time";
import { expectNoAxeViolations, type PageOptions, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { DEMO, getE2eDb, sessionCookieFor } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "admin-reports");
const SIZES: Array<[string, PageOptions]> = [
  ["390x844", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ["1366x768", { viewport: { width: 1366, height: 768 } }],
];

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe("the audit log", () => {
  it("reads in Chinese, with names, and filters by date, operator and action", async () => {
    // An export by 组织部管理员 gives the log an entry with material, format and view details.
    const db = await getE2eDb();
    const unit = await db.unit.findUniqueOrThrow({ where: { code: "SFX-ZZB" }, select: { id: true } });
    const cookie = await sessionCookieFor(DEMO.subtreeAdmin);
    const response = await fetch(`${inject("baseURL")}/api/admin/progress/export?unit=${unit.id}&material=deep-poverty-speech&format=csv&view=rollup`, {
      headers: { Cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const today = getChinaDay();
    // Straight from the rows: today's exports by zzb-admin (other test files export too).
    const countExports = () => db.auditLog.count({ where: { action: "report.export", actorAccount: DEMO.subtreeAdmin, createdAt: { gte: new Date(`${today}T00:00:00+08:00`) } } });

    for (const [size, options] of SIZES) {
      await withPage(browser(), { ...options, account: DEMO.systemAdmin }, async (page) => {
        await page.goto("/admin/audit");
        await page.getByLabel("开始日期").fill(today);
        await page.getByLabel("结束日期").fill(today);
        await page.getByLabel("操作者").fill(DEMO.subtreeAdmin);
        await page.getByLabel("操作", { exact: true }).selectOption("report.export");
        await page.getByRole("button", { name: "筛选" }).click();
        await page.waitForURL(/operator=zzb-admin/);
        await expect(page.getByRole("heading", { name: /的记录：共/ }).innerText()).resolves.toBe(`${today.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, "$1年$2月$3日")}，操作者“zzb-admin”，“导出学习情况”的记录：共 ${await countExports()} 条`);
        const table = await page.getByRole("table").innerText();
        for (const text of ["组织部管理员（账号 zzb-admin）", "导出学习情况", "示范县委 / 县委组织部", "学习材料", "文件格式", "CSV", "导出内容", "下级单位汇总", "人员筛选"]) {
          expect(table).toContain(text);
        }
        expect(table).not.toMatch(/material|format|view|state|unit #/);
        await expect(page.getByLabel("操作者").inputValue()).resolves.toBe(DEMO.subtreeAdmin);
        await expectNoAxeViolations(page);
        await shoot(page, `audit-log-filtered-${size}`);
      });
    }
  }, 90_000);

  it("names a filter it did not understand instead of failing", async () => {
    await withPage(browser(), { ...SIZES[1]![1], account: DEMO.systemAdmin }, async (page) => {
      await page.goto("/admin/audit?from=2026-02-30&action=drop%20table");
      await expect(page.getByRole("alert").filter({ hasText: "地址中" }).innerText()).resolves.toContain("地址中的开始日期、操作无效，已忽略。");
    });
  });
});

describe("the reminder confirmation", () => {
  it("shows who and how many before anything is sent", async () => {
    // 宣传部's readers: no other browser test sends them reminders, so the list is full.
    for (const [size, options] of SIZES) {
      await withPage(browser(), { ...options, account: DEMO.otherUnitAdmin }, async (page) => {
        await page.goto("/admin/progress");
        const link = page.getByRole("link", { name: /提醒未完成的 \d+ 名学员/ });
        const pending = Number(/(\d+) 名/.exec(await link.innerText())?.[1]);
        expect(pending).toBeGreaterThan(0);
        const db = await getE2eDb();
        const before = await db.reminder.count();
        await link.click();
        await page.waitForURL(/\/admin\/assignments\/\d+\/remind\?unit=\d+/);
        const heading = await page.getByRole("heading", { name: /将提醒|现在没有/ }).innerText();
        const toSend = Number(/将提醒 (\d+) 名/.exec(heading)?.[1]);
        const skipped = Number(/另有 (\d+) 名/.exec(await page.locator("main").innerText())?.[1] ?? 0);
        expect(toSend + skipped).toBe(pending);
        await expect(page.getByText("范围：县委宣传部及其下级单位").isVisible()).resolves.toBe(true);
        await expect(page.getByRole("table", { name: /提醒名单/ }).locator("tbody tr").count()).resolves.toBe(Math.min(toSend, 50));
        await expect(page.getByRole("button", { name: `确认发送提醒（${toSend} 人）` }).isEnabled()).resolves.toBe(true);
        expect(await db.reminder.count()).toBe(before);
        await expectNoAxeViolations(page);
        await shoot(page, `reminder-confirm-${size}`);
      });
    }
  }, 90_000);
});
