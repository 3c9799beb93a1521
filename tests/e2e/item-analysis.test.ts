/**
 * Issue 17, items 2 and 4, in a real browser against the real server: an administrator sees the
 * item analysis of their unit's readers' tests (phone and desktop, axe 0, no person named), and a
 * reader who has used every attempt the assignment allows is refused a new test, in Chinese, with
 * nothing stored. Units, accounts and attempts are this file's own.
 * Screenshots go to test-results/screenshots/issue-17-item-analysis/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { insertSectionProgress } from "../integration/helpers/progress";
import { compact, expectNoAxeViolations, MATERIAL_SLUG, PHONE, screenshotter, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-17-item-analysis");
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };
const DESKTOP_1366 = { viewport: { width: 1366, height: 768 } };
const ADMIN = "ia-e2e-admin";
const AT_LIMIT = "ia-e2e-at-limit";
const ONE_LEFT = "ia-e2e-one-left";
const TAKERS = ["ia-e2e-taker-1", "ia-e2e-taker-2", "ia-e2e-taker-3"];
const testPath = `/materials/${MATERIAL_SLUG}/test`;

let unitId = 0;
let limitedAttemptId = "";

const screenshot = screenshotter(SHOTS);

beforeAll(async () => {
  const db = await getE2eDb();
  const { hashPassword } = await import("@/lib/auth/password");
  const { getMaterial } = await import("@/lib/content");
  const { getQuizBank } = await import("@/lib/quiz");
  const bank = getQuizBank(MATERIAL_SLUG)!;
  const unit = await db.unit.create({ data: { name: "题目分析测试单位", code: `IA-E2E-${Date.now()}`, path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  unitId = unit.id;
  await db.assignment.create({ data: { materialSlug: MATERIAL_SLUG, unitId: unit.id, startDate: "2026-01-01", dueDate: "2099-12-31", maxAttempts: 2 } });
  const passwordHash = await hashPassword("item-analysis-password-1");
  await db.user.create({ data: { account: ADMIN, name: "题目分析管理员", role: "UNIT_ADMIN", unitId: unit.id, passwordHash, mustChangePassword: false } });
  const usable = bank.questions.filter((q) => !q.needsReview).slice(0, bank.questionsPerTest);
  const snapshot = JSON.stringify(usable.map(({ needsReview: _n, ...q }) => q));
  const graded = (userId: number, n: number, answers: Record<string, string[]>) => ({
    id: `iae2e${userId}x${n}`.padEnd(22, "x").slice(0, 22),
    userId, materialSlug: MATERIAL_SLUG, questions: snapshot, passPercent: bank.passPercent, total: usable.length,
    openedAt: new Date(Date.now() - 3_600_000), expiresAt: new Date(Date.now() + 3_600_000), submittedAt: new Date(Date.now() - 1_800_000),
    answers: JSON.stringify(answers), correct: 0, passed: false,
  });
  const wrong = Object.fromEntries(usable.map((q) => [q.id, [q.options.find((o) => !q.answer.includes(o.id))!.id]]));
  const right = Object.fromEntries(usable.map((q) => [q.id, q.answer]));
  for (const [i, account] of [...TAKERS, AT_LIMIT, ONE_LEFT].entries()) {
    const user = await db.user.create({ data: { account, name: `题目分析学员${i + 1}`, unitId: unit.id, passwordHash, mustChangePassword: false } });
    for (const section of getMaterial(MATERIAL_SLUG)?.sections ?? []) {
      await insertSectionProgress(db, user.id, MATERIAL_SLUG, section, new Date("2026-06-01T08:00:00Z"));
    }
    const attempts = account === AT_LIMIT ? 2 : 1;
    for (let n = 0; n < attempts; n++) {
      const row = await db.quizAttempt.create({ data: graded(user.id, n, i === 0 ? right : wrong), select: { id: true } });
      if (account === AT_LIMIT) limitedAttemptId = row.id;
    }
  }
});

describe("item analysis and attempt limits (issue 17, items 2 and 4)", () => {
  for (const [size, options] of [["390x844", PHONE_390], ["1366x768", DESKTOP_1366]] as const) {
    it(`shows the administrator each question's figures with no person named (${size})`, async () => {
      await withPage(browser(), { ...options, account: ADMIN }, async (page) => {
        await page.goto(`/admin/progress?unit=${unitId}&material=${MATERIAL_SLUG}`);
        await Promise.all([page.waitForURL(/\/admin\/progress\/quiz/), page.getByRole("link", { name: "自测题分析" }).click()]);
        await page.getByRole("heading", { level: 1, name: "题目分析测试单位 · 自测题分析" }).waitFor();
        const text = compact(await page.locator("main").innerText());
        expect(text).toContain("题目分析测试单位·自测题分析");
        expect(text).toContain("共6次交卷，来自5名学员");
        // Five of six attempts chose the same wrong option of every drawn question.
        expect(text).toContain("答对率17%（答对1次）");
        expect(text).toMatch(/最常选的错误选项[^（]+（5次）/u);
        for (const name of ["题目分析学员1", ...TAKERS, AT_LIMIT]) expect(text).not.toContain(name);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await expectNoAxeViolations(page);
        await screenshot(page, `item-analysis-${size}`);
      });
    });
  }

  it("answers a unit outside the administrator's scope like a missing one", async () => {
    await withPage(browser(), { ...DESKTOP_1366, account: ADMIN, allowConsoleErrors: true }, async (page) => {
      const response = await page.goto(`/admin/progress/quiz?unit=1&material=${MATERIAL_SLUG}`);
      expect(response?.status()).toBe(404);
    });
  });

  for (const [size, options] of [["390x844", PHONE_390], ["1366x768", DESKTOP_1366]] as const) {
    it(`shows a reader the attempts left, and refuses one at the limit with nothing stored (${size})`, async () => {
      await withPage(browser(), { ...options, account: ONE_LEFT }, async (page) => {
        await page.goto(testPath);
        expect(compact(await page.locator("main").innerText())).toContain("最多可以测试2次：您已测试1次，还可以测试1次");
        await expect(page.getByRole("button", { name: "开始测试" }).isVisible()).resolves.toBe(true);
        await expectNoAxeViolations(page);
        await screenshot(page, `test-attempts-left-${size}`);
      });
      await withPage(browser(), { ...options, account: AT_LIMIT }, async (page) => {
        await page.goto(testPath);
        const text = compact(await page.locator("main").innerText());
        expect(text).toContain("最多可以测试2次，您已全部用完");
        expect(await page.getByRole("button", { name: "开始测试" }).count()).toBe(0);
        await expectNoAxeViolations(page);
        await screenshot(page, `test-limit-reached-${size}`);
        // From an earlier result, 再测一次 is refused by the server too.
        await page.goto(`${testPath}?attempt=${limitedAttemptId}`);
        await page.getByRole("button", { name: "再测一次" }).click();
        await page.getByText("您已全部用完").waitFor();
        await expectNoAxeViolations(page);
        await screenshot(page, `test-retry-refused-${size}`);
      });
      const db = await getE2eDb();
      expect(await db.quizAttempt.count({ where: { user: { account: AT_LIMIT } } })).toBe(2);
    });
  }

  for (const [size, options] of [["390x844", PHONE_390], ["1366x768", DESKTOP_1366]] as const) {
    it(`lets the unit's administrator change the limit, refusing a bad value in Chinese (${size})`, async () => {
      await withPage(browser(), { ...options, account: ADMIN }, async (page) => {
        await page.goto("/admin/assignments");
        const row = page.getByRole("row").filter({ hasText: "题目分析测试单位" });
        expect(compact(await row.innerText())).toContain("最多测试2次");
        await row.getByText("修改测试次数上限").click();
        const field = row.getByLabel("测试次数上限");
        await field.fill("0");
        await row.getByRole("button", { name: "保存上限" }).click();
        await row.getByText("测试次数上限请填写 1 至 99 的整数").first().waitFor();
        await expectNoAxeViolations(page);
        await screenshot(page, `assignments-limit-error-${size}`);
        await field.fill("2");
        await Promise.all([page.waitForURL(/done=limit/), row.getByRole("button", { name: "保存上限" }).click()]);
        await page.getByText("测试次数上限已保存").waitFor();
        await screenshot(page, `assignments-limit-saved-${size}`);
      });
      const db = await getE2eDb();
      expect((await db.assignment.findFirstOrThrow({ where: { unitId } })).maxAttempts).toBe(2);
    });
  }
});
