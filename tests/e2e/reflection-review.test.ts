/**
 * The 心得 review round trip in a real browser: the reader confirms who will see a submission; the
 * unit administrator returns it with a reason; the reader sees the reason, edits and resubmits; the
 * administrator sees the resubmission and comments; the reader sees the comment, on the section and
 * in 我的笔记. axe on every changed page, and screenshots at 390×844 and 1366×768 for a human to judge.
 */
import fs from "node:fs";
import path from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SUBMISSION_AUDIENCE } from "@/lib/notes/rules";
import { expectNoAxeViolations, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots");
const READER = "reader13"; // 组织部二科: in zzb-admin's subtree, used by no other browser test
const ADMIN = "zzb-admin";
const SECTION = "part-2";

const SIZES: Array<[string, BrowserContextOptions]> = [
  ["desktop", { viewport: { width: 1366, height: 768 } }],
  ["phone", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
];

async function reflectionRow() {
  const db = await getE2eDb();
  const user = await db.user.findUniqueOrThrow({ where: { account: READER }, select: { id: true } });
  return db.reflection.findFirst({ where: { userId: user.id, materialSlug: "deep-poverty-speech", sectionSlug: SECTION } });
}

/**
 * Screenshots of one page at both sizes, saved under test-results/screenshots: the whole page, or
 * (`fullPage` false, for a long section) the screen once `ready` scrolled to what matters.
 */
async function screenshots(account: string, url: string, name: string, ready: (page: Page) => Promise<void>, fullPage = true): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [size, options] of SIZES) {
    await withPage(browser(), { ...options, account }, async (page) => {
      await page.goto(url);
      await ready(page);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${size}.png`), fullPage });
      // Nothing may push the page sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(options.viewport!.width);
    });
  }
}

async function openReview(page: Page): Promise<void> {
  const row = await reflectionRow();
  await page.goto(`/admin/reflections/${row!.id}`);
}

const desktop = SIZES[0]![1];
// Each step is one test, run in order on the same 心得 (a file's tests run sequentially).
const STEP_TIMEOUT = 150_000;

describe("心得 review round trip", () => {
  it("1. 提交给本单位 says who will see the 心得; only 确认提交 submits", async () => {
    // The reader writes a 心得; 提交给本单位 first says who will see it, and only 确认提交 submits.
    await withPage(browser(), { ...desktop, account: READER }, async (page) => {
      await page.goto(sectionPath(SECTION));
      const editor = page.getByRole("textbox", { name: "本节心得" });
      await editor.fill("第一稿：要把精准扶贫落到实处。");
      await page.getByText("已保存").waitFor();
      await page.getByRole("button", { name: "提交给本单位" }).click();
      const confirmation = page.getByTestId("submit-confirmation");
      expect(await confirmation.innerText()).toContain(SUBMISSION_AUDIENCE);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("确认提交");
      await expectNoAxeViolations(page);
      expect((await reflectionRow())?.submittedAt).toBeNull();
      await page.getByRole("button", { name: "取消" }).click();
      expect(await confirmation.count()).toBe(0);
      expect((await reflectionRow())?.submittedAt).toBeNull();
      await page.getByRole("button", { name: "提交给本单位" }).click();
      await page.getByRole("button", { name: "确认提交" }).click();
      await page.getByText(/^已提交（/).waitFor();
      expect((await reflectionRow())?.submittedBody).toBe("第一稿：要把精准扶贫落到实处。");
    });
  }, STEP_TIMEOUT);

  it("2. the unit administrator returns it with a reason (an empty one is refused)", async () => {
    await withPage(browser(), { ...desktop, account: ADMIN }, async (page) => {
      await page.goto("/admin/reflections");
      await page.locator("main table tr", { hasText: READER }).getByRole("link").click();
      await page.waitForURL(/\/admin\/reflections\/\d+$/);
      expect(await page.getByTestId("review-state").textContent()).toBe("已提交");
      await expectNoAxeViolations(page);
      // An empty reason is refused on the form, and nothing changes.
      await page.getByRole("button", { name: "退回修改" }).click();
      await page.getByText("请填写退回理由").waitFor();
      expect(await page.getByRole("textbox", { name: "退回修改的理由" }).getAttribute("aria-invalid")).toBe("true");
      await expectNoAxeViolations(page);
      await page.getByRole("textbox", { name: "退回修改的理由" }).fill("请结合本科室工作，写出两条具体措施。");
      await page.getByRole("button", { name: "退回修改" }).click();
      await page.getByText("已退回修改，学员会看到退回理由。").waitFor();
      expect(await page.getByTestId("review-state").textContent()).toBe("已退回修改");
      expect(await page.getByRole("button", { name: "退回修改" }).count()).toBe(0);
      await page.goto("/admin/reflections");
      expect(await page.locator("main table tr", { hasText: READER }).innerText()).toContain("已退回修改");
      await expectNoAxeViolations(page);
    });
    expect((await reflectionRow())?.reviewState).toBe("RETURNED");
  }, STEP_TIMEOUT);

  it("3. the reader sees the reason, edits and resubmits (confirmed again)", async () => {
    await screenshots(
      READER,
      sectionPath(SECTION),
      "reflection-returned-reader",
      async (page) => {
        await page.getByTestId("return-notice").waitFor();
        await page.getByRole("heading", { name: "本节心得" }).evaluate((el) => el.scrollIntoView({ block: "start" }));
      },
      false,
    );
    await withPage(browser(), { ...desktop, account: READER }, async (page) => {
      await page.goto(sectionPath(SECTION));
      const notice = page.getByTestId("return-notice");
      expect(await notice.innerText()).toContain("请结合本科室工作，写出两条具体措施。");
      expect(await notice.innerText()).toContain("组织部管理员");
      expect(await page.getByTestId("reflection-state").textContent()).toMatch(/^已退回修改（/);
      await expectNoAxeViolations(page);
      const editor = page.getByRole("textbox", { name: "本节心得" });
      await editor.fill("第二稿：一是每周走访两户；二是月底前建好台账。");
      await page.getByText("已保存").waitFor();
      await page.getByRole("button", { name: "修改后重新提交" }).click();
      await page.getByRole("button", { name: "确认提交" }).click();
      await page.getByText("已重新提交，管理员会看到修改后的内容").waitFor();
      expect(await page.getByTestId("reflection-state").textContent()).toMatch(/^已重新提交（/);
    });
  }, STEP_TIMEOUT);

  it("4. the administrator sees the resubmitted text and comments", async () => {
    await withPage(browser(), { ...desktop, account: ADMIN }, async (page) => {
      await openReview(page);
      expect(await page.getByTestId("review-state").textContent()).toBe("已重新提交");
      expect(await page.getByTestId("reflection-body").textContent()).toBe("第二稿：一是每周走访两户；二是月底前建好台账。");
      await page.getByRole("textbox", { name: "点评" }).fill("措施具体，可操作。\n请按计划落实。");
      await page.getByRole("button", { name: "发表点评" }).click();
      await page.getByText("点评已发表，学员可以看到。").waitFor();
      expect(await page.getByTestId("review-comment").innerText()).toContain("措施具体，可操作。");
      await expectNoAxeViolations(page);
    });
    const db = await getE2eDb();
    expect(await db.reflectionComment.count({ where: { reflectionId: (await reflectionRow())!.id } })).toBe(1);
  }, STEP_TIMEOUT);

  it("screenshots of the administrator's list and review page", async () => {
    await screenshots(ADMIN, "/admin/reflections", "reflection-list-admin", async () => {});
    await screenshots(ADMIN, `/admin/reflections/${(await reflectionRow())!.id}`, "reflection-review-admin", async (page) => {
      await page.getByTestId("review-comment").waitFor();
    });
  }, STEP_TIMEOUT);

  it("5. the reader sees the comment on the section and in 我的笔记", async () => {
    await withPage(browser(), { ...desktop, account: READER }, async (page) => {
      await page.goto(sectionPath(SECTION));
      const comment = page.getByTestId("review-comment");
      expect(await comment.innerText()).toContain("措施具体，可操作。\n请按计划落实。");
      expect(await comment.innerText()).toContain("组织部管理员");
      await page.goto("/me/notes");
      expect(await page.getByTestId("review-comment").innerText()).toContain("措施具体，可操作。");
      expect(await page.locator("main").innerText()).toContain("已重新提交（");
      await expectNoAxeViolations(page);
    });
  }, STEP_TIMEOUT);

  it("screenshots of the reader's 心得 with the comment", async () => {
    await screenshots(
      READER,
      sectionPath(SECTION),
      "reflection-comment-reader",
      async (page) => {
        await page.getByRole("heading", { name: "本节心得" }).evaluate((el) => el.scrollIntoView({ block: "start" }));
      },
      false,
    );
    await screenshots(READER, "/me/notes", "reflection-comment-my-notes", async (page) => {
      await page.getByTestId("review-comment").waitFor();
    });
  }, STEP_TIMEOUT);

  it("another unit's administrator gets a 404 for the 心得 and sees no review forms", async () => {
    const row = await reflectionRow();
    // Runs after the round trip (same file, in order); the 心得 exists and is submitted.
    expect(row?.submittedAt).not.toBeNull();
    await withPage(browser(), { viewport: { width: 1366, height: 768 }, account: "xcb-admin", allowConsoleErrors: true }, async (page) => {
      const response = await page.goto(`/admin/reflections/${row!.id}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator("main textarea").count()).toBe(0);
    });
  });
});
