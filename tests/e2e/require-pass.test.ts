/**
 * Issue 17, item 3, in a real browser against the real server: a unit administrator assigns the
 * material with 需通过测试 through the form; a reader who had already read everything stops counting as
 * complete, is told on the home page and 我的学习 that the test is what is left, passes it on a phone,
 * and then counts as complete on the dashboard; clearing the requirement completes a reader who only
 * read. Units and accounts are this file's own. Screenshots go to
 * test-results/screenshots/issue-17-require-pass/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { insertSectionProgress } from "../integration/helpers/progress";
import { compact, expectNoAxeViolations, MATERIAL_SLUG, PHONE, screenshotter, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-17-require-pass");
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };
const DESKTOP_1366 = { viewport: { width: 1366, height: 768 } };
const ADMIN = "require-pass-admin";
const PASSER = "require-pass-reader";
const READ_ONLY = "require-pass-read-only";
const UNIT = "必考测试单位";
let unitId = 0;

const screenshot = screenshotter(SHOTS);

beforeAll(async () => {
  const db = await getE2eDb();
  const { hashPassword } = await import("@/lib/auth/password");
  const { getMaterial } = await import("@/lib/content");
  const unit = await db.unit.create({ data: { name: UNIT, code: `REQPASS-${Date.now()}`, path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  unitId = unit.id;
  const passwordHash = await hashPassword("require-pass-password-1");
  await db.user.create({ data: { account: ADMIN, name: "必考管理员", role: "UNIT_ADMIN", unitId, passwordHash, mustChangePassword: false } });
  for (const account of [PASSER, READ_ONLY]) {
    const user = await db.user.create({ data: { account, name: "必考学员", unitId, passwordHash, mustChangePassword: false } });
    for (const section of getMaterial(MATERIAL_SLUG)?.sections ?? []) {
      await insertSectionProgress(db, user.id, MATERIAL_SLUG, section, new Date("2026-06-01T08:00:00Z"));
    }
  }
});

async function completed(account: string): Promise<Date | null> {
  const db = await getE2eDb();
  const row = await db.readerMaterial.findFirst({ where: { user: { account }, materialSlug: MATERIAL_SLUG } });
  return row?.completedAt ?? null;
}

async function dashboardText(page: Page): Promise<string> {
  await page.goto(`/admin/progress?unit=${unitId}&material=${MATERIAL_SLUG}`);
  return compact(await page.locator("main").innerText());
}

describe("需通过测试 (issue 17, item 3)", () => {
  it("is set in the assignment form, and readers who only read stop counting as complete", async () => {
    expect(await completed(PASSER)).not.toBeNull(); // read in full before the assignment
    await withPage(browser(), { ...DESKTOP_1366, account: ADMIN }, async (page) => {
      expect(await dashboardText(page)).toContain("已完成2");
      await page.goto("/admin/assignments");
      await page.getByLabel("截止日期").fill("2099-12-31");
      await page.getByLabel("需通过测试").check();
      await expectNoAxeViolations(page);
      await Promise.all([page.waitForURL(/done=created/), page.getByRole("button", { name: "布置学习任务" }).click()]);
      const row = page.getByRole("row").filter({ hasText: UNIT });
      expect(compact(await row.innerText())).toContain("需通过测试");
      await expectNoAxeViolations(page);
      await screenshot(page, "assignments-1366x768");
      const text = await dashboardText(page);
      expect(text).toContain("需通过测试");
      expect(text).toContain("已完成0");
      await screenshot(page, "dashboard-1366x768");
    });
    expect(await completed(PASSER)).toBeNull();
    expect(await completed(READ_ONLY)).toBeNull();
  }, 60_000);

  it("tells the reader on a phone that the test is what is left; passing it completes the material", async () => {
    await withPage(browser(), { ...PHONE_390, account: PASSER }, async (page) => {
      await page.goto("/");
      const task = page.getByRole("region", { name: "我的学习任务" }).getByRole("listitem").filter({ hasText: "已读完全部章节，还需通过自测" });
      await task.waitFor();
      await expectNoAxeViolations(page);
      await screenshot(page, "home-task-390x844");
      await page.goto("/me");
      expect(compact(await page.locator("main").innerText())).toContain("已读完全部章节。本材料需通过自测才算完成：参加自测");
      await screenshot(page, "me-390x844");
      await Promise.all([page.waitForURL(/\/test$/), page.getByRole("link", { name: "参加自测" }).first().click()]);
      await page.getByRole("button", { name: "开始测试" }).click();
      await page.getByRole("button", { name: "交卷" }).waitFor();
      const db = await getE2eDb();
      const attempt = await db.quizAttempt.findFirstOrThrow({ where: { user: { account: PASSER }, submittedAt: null } });
      const questions = JSON.parse(attempt.questions) as Array<{ prompt: string; options: Array<{ id: string; text: string }>; answer: string[] }>;
      for (const question of questions) {
        const group = page.getByRole("group", { name: question.prompt });
        for (const id of question.answer) {
          await group.locator("label").filter({ hasText: question.options.find((o) => o.id === id)!.text }).first().click();
        }
      }
      await page.getByRole("button", { name: "交卷" }).click();
      await page.getByRole("heading", { name: "测试通过" }).waitFor();
      await page.goto("/me");
      expect(compact(await page.locator("main").innerText())).toContain("需通过测试：自测已通过✓");
      await expectNoAxeViolations(page);
      await page.goto("/");
      await page.getByRole("region", { name: "我的学习任务" }).getByText("已全部完成 ✓", { exact: false }).waitFor();
      await screenshot(page, "home-done-390x844");
    });
    expect(await completed(PASSER)).not.toBeNull();
    expect(await completed(READ_ONLY)).toBeNull();
  }, 90_000);

  it("counts the passer on the dashboard, and clearing the requirement completes the reader who only read", async () => {
    await withPage(browser(), { ...PHONE_390, account: ADMIN }, async (page) => {
      expect(await dashboardText(page)).toContain("已完成1");
      await page.goto(`/admin/progress/people?unit=${unitId}&material=${MATERIAL_SLUG}`);
      expect(compact(await page.locator("main").innerText())).toContain("进行中（已读完，待通过测试）");
      await page.goto("/admin/assignments");
      const row = page.getByRole("row").filter({ hasText: UNIT });
      await row.getByText("取消需通过测试").click();
      await expectNoAxeViolations(page);
      await screenshot(page, "assignments-clear-390x844");
      await Promise.all([page.waitForURL(/done=read-only/), row.getByRole("button", { name: "改为读完即完成" }).click()]);
      await page.getByText("已取消需通过测试").waitFor();
      expect(await dashboardText(page)).toContain("已完成2");
    });
    expect(await completed(READ_ONLY)).not.toBeNull();
  }, 60_000);
});
