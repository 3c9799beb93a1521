/**
 * Issue 17, item 2, in a real browser against the real server: on a phone a reader who has read the
 * material takes its self-test, fails, follows 回看原文 to the paragraph that answers a wrong question,
 * retakes the test and passes; every state of the page has no axe violations. The reader and unit are
 * this file's own (a unit of its own at the top level, so no demo unit's figures change).
 * Screenshots go to test-results/screenshots/issue-17-self-test/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { insertSectionProgress } from "../integration/helpers/progress";
import { expectNoAxeViolations, MATERIAL_SLUG, materialPath, PHONE, screenshotter, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-17-self-test");
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };
const DESKTOP_1366 = { viewport: { width: 1366, height: 768 } };
const READER = "selftest-reader";
const DESKTOP_READER = "selftest-desktop";
const NOT_READ = "selftest-unread";

const screenshot = screenshotter(SHOTS);

beforeAll(async () => {
  const db = await getE2eDb();
  const { hashPassword } = await import("@/lib/auth/password");
  const { getMaterial } = await import("@/lib/content");
  const unit = await db.unit.create({ data: { name: "自测测试单位", code: `SELFTEST-${Date.now()}`, path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  await db.assignment.create({ data: { materialSlug: MATERIAL_SLUG, unitId: unit.id, startDate: "2026-01-01", dueDate: "2026-12-31" } });
  const passwordHash = await hashPassword("self-test-password-1");
  for (const account of [READER, DESKTOP_READER, NOT_READ]) {
    const user = await db.user.create({ data: { account, name: "自测读者", unitId: unit.id, passwordHash, mustChangePassword: false } });
    if (account === NOT_READ) continue;
    for (const section of getMaterial(MATERIAL_SLUG)?.sections ?? []) {
      await insertSectionProgress(db, user.id, MATERIAL_SLUG, section, new Date("2026-06-01T08:00:00Z"));
    }
  }
});

type StoredQuestion = { id: string; type: string; prompt: string; options: Array<{ id: string; text: string }>; answer: string[]; explanation: string };

/** The open test's questions with their key, as only the server (and this test) can read them. */
async function openAttemptQuestions(account: string): Promise<StoredQuestion[]> {
  const db = await getE2eDb();
  const row = await db.quizAttempt.findFirstOrThrow({ where: { user: { account }, submittedAt: null }, orderBy: { openedAt: "desc" } });
  return JSON.parse(row.questions) as StoredQuestion[];
}

/** Ticks, for each question, its right options or one wrong option, by clicking their labels. */
async function answer(page: Page, questions: StoredQuestion[], right: boolean): Promise<void> {
  for (const question of questions) {
    const group = page.getByRole("group", { name: question.prompt });
    const ids = right ? question.answer : [question.options.find((o) => !question.answer.includes(o.id))?.id];
    for (const id of ids) {
      const option = question.options.find((o) => o.id === id);
      if (!option) throw new Error(`no option ${id}`);
      await group.locator("label").filter({ hasText: option.text }).first().click();
    }
  }
}

describe("taking a self-test on a phone (issue 17, item 2)", () => {
  it("fails, reads the paragraph behind a wrong answer, retakes and passes", async () => {
    await withPage(browser(), { ...PHONE_390, account: READER }, async (page) => {
      await page.goto(materialPath());
      await page.waitForLoadState("networkidle");
      await screenshot(page, "material-page-390x844");
      await Promise.all([page.waitForURL(/\/test$/), page.getByRole("link", { name: "学完后参加自测" }).click()]);
      await page.getByRole("heading", { level: 1, name: "自测" }).waitFor();
      await expect(page.getByRole("button", { name: "开始测试" }).isVisible()).resolves.toBe(true);
      await expectNoAxeViolations(page);
      await screenshot(page, "intro-390x844");

      await page.getByRole("button", { name: "开始测试" }).click();
      await page.getByRole("button", { name: "交卷" }).waitFor();
      const first = await openAttemptQuestions(READER);
      expect(first).toHaveLength(5);
      // Neither the answer key nor the explanations are in the page before submission.
      const html = await page.content();
      for (const question of first) expect(html).not.toContain(question.explanation);
      expect(html).not.toMatch(/"answer"|"explanation"|"quote"/);
      await expect(page.getByRole("group").count()).resolves.toBe(5);
      await expectNoAxeViolations(page);
      await screenshot(page, "test-390x844");

      // Submitting with a question left open is refused, keeping what was ticked.
      await answer(page, first.slice(0, 4), false);
      await page.getByRole("button", { name: "交卷" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "第 5 题还没有作答" }).waitFor()).resolves.toBeUndefined();
      await answer(page, first.slice(4), false);
      await page.getByRole("button", { name: "交卷" }).click();
      await page.getByRole("heading", { name: "未通过" }).waitFor();
      expect(page.url()).toMatch(/\/test\?attempt=/);
      await expect(page.getByRole("link", { name: /回看原文/ }).count()).resolves.toBe(5);
      await expectNoAxeViolations(page);
      await screenshot(page, "failed-390x844");

      // 回看原文 leads to the very paragraph, which holds the question's quote.
      const link = page.getByRole("link", { name: /回看原文/ }).first();
      const href = (await link.getAttribute("href")) ?? "";
      expect(href).toMatch(new RegExp(`^/materials/${MATERIAL_SLUG}/[a-z0-9-]+#p-[0-9a-f]{10}$`));
      await link.click();
      await page.waitForURL((url) => url.hash.startsWith("#p-"));
      const paragraph = page.locator(`[id="${href.split("#")[1]}"]`);
      await expect(paragraph.count()).resolves.toBe(1);
      await expect.poll(() => paragraph.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; })).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, "back-to-text-390x844.png") });

      await page.goBack();
      await page.getByRole("button", { name: "再测一次" }).click();
      await page.getByRole("button", { name: "交卷" }).waitFor();
      const second = await openAttemptQuestions(READER);
      await answer(page, second, true);
      await page.getByRole("button", { name: "交卷" }).click();
      await page.getByRole("heading", { name: "测试通过" }).waitFor();
      await expect(page.getByText("答对 5 / 5 题").count()).resolves.toBe(1);
      await expect(page.getByRole("link", { name: /回看原文/ }).count()).resolves.toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, "passed-390x844");

      // Both attempts are listed on the test page.
      await page.goto(`${materialPath()}/test`);
      await expect(page.getByRole("region", { name: "以往测试" }).getByRole("listitem").count()).resolves.toBe(2);

      // The 学习档案 lists the material once, in the year it was completed, with the best score and 学时.
      await page.goto("/me");
      await page.getByRole("link", { name: /学习档案/ }).click();
      await page.getByRole("heading", { level: 1, name: "学习档案" }).waitFor();
      // On a phone, one card per material (the table is for wider screens).
      const year = page.getByRole("region", { name: "2026 年 · 共 2 学时" });
      await expect(year.getByRole("table").isVisible()).resolves.toBe(false);
      await expect(year.getByRole("listitem").count()).resolves.toBe(2);
      await expect(year.getByRole("link", { name: "100 分（通过）" }).count()).resolves.toBe(1);
      await expect(year.getByText("2026年6月1日完成 · 2 学时").count()).resolves.toBe(1);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, "no sideways scrolling").toBeLessThanOrEqual(390);
      await expectNoAxeViolations(page);
      await screenshot(page, "record-390x844");
    });
  }, 120_000);

  it("takes a choice by keyboard (Space on a focused option) and shows the result at 1366×768", async () => {
    await withPage(browser(), { ...DESKTOP_1366, account: DESKTOP_READER }, async (page) => {
      await page.goto(materialPath());
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: path.join(SHOTS, "material-page-1366x768.png") });
      await page.goto(`${materialPath()}/test`);
      await page.getByRole("button", { name: "开始测试" }).click();
      await page.getByRole("button", { name: "交卷" }).waitFor();
      await screenshot(page, "test-1366x768");
      const firstRadio = page.locator("form input[type=radio], form input[type=checkbox]").first();
      await firstRadio.focus();
      await page.keyboard.press("Space");
      await expect(firstRadio.isChecked()).resolves.toBe(true);
      const questions = await openAttemptQuestions(DESKTOP_READER);
      await answer(page, questions, false);
      await page.getByRole("button", { name: "交卷" }).click();
      await page.getByRole("heading", { name: "未通过" }).waitFor();
      await expectNoAxeViolations(page);
      await screenshot(page, "failed-1366x768");
      await page.goto("/me/record");
      await page.getByRole("heading", { level: 1, name: "学习档案" }).waitFor();
      await expect(page.getByText("未测试").count()).resolves.toBe(0);
      await expect(page.getByRole("table").getByRole("link", { name: "0 分（未通过）" }).count()).resolves.toBe(1);
      await expect(page.getByRole("table").getByRole("row").count()).resolves.toBe(3);
      await expectNoAxeViolations(page);
      await screenshot(page, "record-1366x768");
    });
  }, 60_000);

  it("refuses a reader who has not read the material yet", async () => {
    await withPage(browser(), { ...PHONE_390, account: NOT_READ }, async (page) => {
      await page.goto(`${materialPath()}/test`);
      await expect(page.getByRole("status").filter({ hasText: "请先学完全部章节再参加测试（还有 11 节未学完）" }).count()).resolves.toBe(1);
      await expect(page.getByRole("button", { name: "开始测试" }).count()).resolves.toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, "not-read-390x844");
    });
  });
});
