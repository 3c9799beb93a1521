/**
 * Issue 17, item 1, in a real browser against the real server: a unit administrator authors the
 * self-test of a material published for their unit (published through the store here, to save
 * time) — settings, a refused question, a single-choice and a true/false question — and a reader of
 * the unit who has read the material (and saw its page before it had a test) takes the test and
 * passes. The quiz page is shot at 390×844 and 1366×768 with no axe violations. Unit, accounts and
 * material are this file's own.
 * Screenshots go to test-results/screenshots/issue-17-quiz-authoring/.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertSectionProgress } from "../integration/helpers/progress";
import { expectNoAxeViolations, PHONE, screenshotter, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-17-quiz-authoring");
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };
const DESKTOP_1366 = { viewport: { width: 1366, height: 768 } };
const SLUG = "quiz-authoring-e2e";
const ADMIN = "quizauthor-admin";
const READER = "quizauthor-reader";

let paragraphs: { single: string; truth: string };

const screenshot = screenshotter(SHOTS);

beforeAll(async () => {
  const db = await getE2eDb();
  const [{ hashPassword }, { publishMaterial }, { getMaterial }] = await Promise.all([import("@/lib/auth/password"), import("@/lib/materials/store"), import("@/lib/content")]);
  await db.publishedMaterial.deleteMany({ where: { slug: SLUG } });
  const unit = await db.unit.create({ data: { name: "出题测试单位", code: `QUIZAUTH-${Date.now()}`, path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  const passwordHash = await hashPassword("quiz-authoring-password-1");
  const admin = await db.user.create({ data: { account: ADMIN, name: "出题管理员", unitId: unit.id, role: "UNIT_ADMIN", passwordHash, mustChangePassword: false } });
  const reader = await db.user.create({ data: { account: READER, name: "出题测试读者", unitId: unit.id, passwordHash, mustChangePassword: false } });
  const p = (text: string) => ({ kind: "paragraph" as const, text, flags: [] });
  await publishMaterial(
    { id: admin.id, role: "UNIT_ADMIN", account: ADMIN, unitPath: `/${unit.id}/` },
    {
      slug: SLUG,
      title: "基层治理专题学习",
      audienceUnitId: unit.id,
      sections: [
        { slug: "intro", title: "导言", paragraphs: [p("学习贯彻全会精神，推动基层治理现代化。"), p("坚持和发展新时代枫桥经验，把矛盾纠纷化解在基层。")] },
        { slug: "part-1", title: "第一部分　健全机制", paragraphs: [p("一是健全矛盾纠纷多元化解机制。各级要整合调解资源。"), p("二是完善网格化管理服务，做到小事不出村。")] },
      ],
    },
  );
  await db.assignment.create({ data: { materialSlug: SLUG, unitId: unit.id, startDate: "2026-01-01", dueDate: "2099-12-31" } });
  const material = getMaterial(SLUG)!;
  for (const section of material.sections) await insertSectionProgress(db, reader.id, SLUG, section, new Date("2026-06-01T08:00:00Z"));
  paragraphs = { single: `part-1#${material.sections[1]!.paragraphs[0]!.id}`, truth: `intro#${material.sections[0]!.paragraphs[1]!.id}` };
});

// Readers elsewhere never meet this material in the browser tests after this one.
afterAll(async () => {
  const db = await getE2eDb();
  await db.publishedMaterial.deleteMany({ where: { slug: SLUG } });
  await db.assignment.deleteMany({ where: { materialSlug: SLUG } });
  await db.materialsVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
});

type StoredQuestion = { id: string; type: string; prompt: string; options: Array<{ id: string; text: string }>; answer: string[] };

describe("authoring a published material's self-test in the browser (issue 17, item 1)", () => {
  it("sets the test up, adds two questions (one refused first), and a reader passes the test", async () => {
    // The reader sees the material before it has a test: its page is kept for the revision (lean path).
    await withPage(browser(), { ...PHONE_390, account: READER }, async (page) => {
      for (let i = 0; i < 2; i++) {
        await page.goto(`/materials/${SLUG}`);
        await page.getByRole("heading", { level: 1, name: "基层治理专题学习" }).waitFor();
        await expect(page.getByRole("link", { name: "学完后参加自测" }).count()).resolves.toBe(0);
      }
    });

    await withPage(browser(), { ...DESKTOP_1366, account: ADMIN }, async (page) => {
      await page.goto(`/admin/materials/${SLUG}`);
      await Promise.all([page.waitForURL(/\/quiz$/), page.getByRole("link", { name: "自测题", exact: true }).click()]);
      await page.getByRole("heading", { level: 1, name: "自测题：基层治理专题学习" }).waitFor();
      await expect(page.getByText("还没有题目").count()).resolves.toBe(1);

      await page.getByLabel("及格线（%）").fill("50");
      await page.getByLabel("每次抽题数").fill("2");
      await page.getByLabel("学时").fill("1.5");
      await page.getByRole("button", { name: "保存设置" }).click();
      await page.getByRole("status").filter({ hasText: "自测设置已保存" }).waitFor();

      // A single-choice question with two answers ticked and no prompt: refused, per field, in Chinese.
      await page.getByRole("link", { name: "新增题目" }).click();
      await page.getByRole("heading", { level: 1, name: "新增题目" }).waitFor();
      await page.getByLabel("选项 A", { exact: true }).fill("多元化解机制");
      await page.getByLabel("选项 B", { exact: true }).fill("单一调解机制");
      await page.getByLabel("选项 A 是正确答案").check();
      await page.getByLabel("选项 B 是正确答案").check();
      await page.getByLabel("依据的段落").selectOption(paragraphs.single);
      await page.getByRole("button", { name: "添加题目" }).click();
      await page.getByText("请填写题干").waitFor();
      // What was typed and chosen is all still there.
      await expect(page.getByLabel("依据的段落").inputValue()).resolves.toBe(paragraphs.single);
      await expect(page.getByLabel("选项 B", { exact: true }).inputValue()).resolves.toBe("单一调解机制");
      await expect(page.getByText("单选题请勾选一个（且只勾选一个）正确答案").count()).resolves.toBe(1);
      await expect(page.getByLabel("题干").getAttribute("aria-invalid")).resolves.toBe("true");
      await expectNoAxeViolations(page);
      await screenshot(page, "question-refused-1366x768");

      await page.getByLabel("题干").fill("化解矛盾纠纷，要健全什么机制？");
      await page.getByLabel("选项 B 是正确答案").uncheck();
      await page.getByLabel("答案解析").fill("原文：一是健全矛盾纠纷多元化解机制。");
      await page.getByRole("button", { name: "添加题目" }).click();
      await page.getByRole("status").filter({ hasText: "题目已添加" }).waitFor();

      await page.getByRole("link", { name: "新增题目" }).click();
      await page.getByLabel("题型").selectOption("true-false");
      await expect(page.getByLabel("选项 A", { exact: true }).count()).resolves.toBe(0);
      await page.getByLabel("题干").fill("原文要求坚持和发展新时代枫桥经验。");
      await page.getByLabel("这句话正确").check();
      await page.getByLabel("依据的段落").selectOption(paragraphs.truth);
      await page.getByLabel("引文（所选段落中的原文）").fill("新时代枫桥经验");
      await page.getByLabel("答案解析").fill("见导言第二段。");
      await page.getByRole("button", { name: "添加题目" }).click();
      await page.getByRole("status").filter({ hasText: "题目已添加" }).waitFor();

      const rows = page.getByRole("table", { name: "自测题列表" }).getByRole("row");
      await expect(rows.count()).resolves.toBe(3);
      await expect(rows.nth(1).innerText()).resolves.toMatch(/单选题[\s\S]*第一部分[\s\S]*正常/);
      await expect(rows.nth(2).innerText()).resolves.toMatch(/判断题[\s\S]*导言[\s\S]*正常/);
      await expectNoAxeViolations(page);
      await screenshot(page, "quiz-page-1366x768");
    });

    await withPage(browser(), { ...PHONE_390, account: ADMIN }, async (page) => {
      await page.goto(`/admin/materials/${SLUG}/quiz`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(390);
      await expectNoAxeViolations(page);
      await screenshot(page, "quiz-page-390x844");
      await page.getByRole("list", { name: "自测题列表" }).getByRole("link", { name: /^编辑\s*第 1 题$/ }).click();
      await page.getByRole("heading", { level: 1, name: "编辑题目" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(390);
      await expectNoAxeViolations(page);
      await screenshot(page, "question-edit-390x844");
    });

    await withPage(browser(), { ...PHONE_390, account: READER }, async (page) => {
      await page.goto(`/materials/${SLUG}`);
      await Promise.all([page.waitForURL(/\/test$/), page.getByRole("link", { name: "学完后参加自测" }).click()]);
      await page.getByRole("button", { name: "开始测试" }).click();
      await page.getByRole("button", { name: "交卷" }).waitFor();
      const db = await getE2eDb();
      const attempt = await db.quizAttempt.findFirstOrThrow({ where: { user: { account: READER }, submittedAt: null } });
      const questions = JSON.parse(attempt.questions) as StoredQuestion[];
      expect(questions.map((q) => q.type).sort()).toEqual(["single", "true-false"]);
      for (const question of questions) {
        const group = page.getByRole("group", { name: question.prompt });
        const option = question.options.find((o) => o.id === question.answer[0])!;
        await group.locator("label").filter({ hasText: option.text }).first().click();
      }
      await page.getByRole("button", { name: "交卷" }).click();
      await page.getByRole("heading", { name: "测试通过" }).waitFor();
      await expect(page.getByText("答对 2 / 2 题").count()).resolves.toBe(1);
      await expectNoAxeViolations(page);
      await screenshot(page, "reader-passed-390x844");
    });
  }, 180_000);

  // Goes on from the test above: its two questions are stored.
  it("marks a question 需复核 after a revision rewrites its passage, and 确认无误 restores it", async () => {
    const [{ reviseMaterial }, { getMaterial }] = await Promise.all([import("@/lib/materials/store"), import("@/lib/content")]);
    const db = await getE2eDb();
    const admin = await db.user.findUniqueOrThrow({ where: { account: ADMIN }, select: { id: true, unit: { select: { path: true } } } });
    const p = (text: string) => ({ kind: "paragraph" as const, text, flags: [] });
    const current = getMaterial(SLUG)!;
    await reviseMaterial(
      { id: admin.id, role: "UNIT_ADMIN", account: ADMIN, unitPath: admin.unit.path },
      SLUG,
      {
        title: "基层治理专题学习",
        sections: current.sections.map((section) => ({
          slug: section.slug,
          title: section.title,
          paragraphs: section.paragraphs.map((paragraph, index) => p(section.slug === "intro" && index === 1 ? "坚持和发展“枫桥式”工作法，把矛盾纠纷化解在基层。" : paragraph.text)),
        })),
      },
    );
    const rewritten = `intro#${getMaterial(SLUG)!.sections[0]!.paragraphs[1]!.id}`;

    await withPage(browser(), { ...DESKTOP_1366, account: ADMIN }, async (page) => {
      await page.goto(`/admin/materials/${SLUG}/quiz`);
      await page.getByRole("heading", { level: 2, name: "题目（2 道，1 道需复核）" }).waitFor();
      const rows = page.getByRole("table", { name: "自测题列表" }).getByRole("row");
      await expect(rows.nth(2).innerText()).resolves.toMatch(/需复核[\s\S]*原引文“新时代枫桥经验”在当前版本中已找不到/);
      await expectNoAxeViolations(page);
      await screenshot(page, "needs-review-1366x768");
      await page.getByRole("table", { name: "自测题列表" }).getByRole("link", { name: /^复核\s*第 2 题$/ }).click();
      await page.getByRole("heading", { level: 2, name: "需复核" }).waitFor();
      const confirm = page.getByRole("region", { name: "需复核" });
      // The old quote is not in the rewritten paragraph: refused, and nothing changes.
      await confirm.getByLabel("依据的段落").selectOption(rewritten);
      await confirm.getByLabel("引文（所选段落中的原文）").fill("新时代枫桥经验");
      await confirm.getByRole("button", { name: "确认无误" }).click();
      await confirm.getByText("引文必须是所选段落中的原文").waitFor();
      await expectNoAxeViolations(page);
      await screenshot(page, "confirm-refused-1366x768");
      await confirm.getByLabel("引文（所选段落中的原文）").fill("“枫桥式”工作法");
      await confirm.getByRole("button", { name: "确认无误" }).click();
      await page.getByRole("status").filter({ hasText: "已确认无误，题目恢复正常" }).waitFor();
      await expect(page.getByRole("heading", { level: 2, name: "题目（2 道）" }).count()).resolves.toBe(1);
    });
  }, 120_000);
});
