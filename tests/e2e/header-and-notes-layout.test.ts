// Issue 15, items 2, 4 and 8 (part), at the sizes the issue was tried at: a compact header on a phone
// with the section's text on the first screen, the notes panel beside the text on a desktop, a
// confirmation after a password change, and keyboard hints only where there is a keyboard.
// Screenshots for review go to test-results/issue-15-items/.
import path from "node:path";
import type { BrowserContextOptions, Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, screenshotter, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { DEMO, getE2eDb } from "./session";

const browser = useBrowser();
const PHONE_390: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP_1366: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };
const SHOTS = path.join(RESULTS_DIR, "issue-15-items");

/** An account of this file's own: its password is changed here, and its notes start empty. */
const ACCOUNT = "ui-layout-tester";
const FIRST_PASSWORD = "First-Layout-2026";

const screenshot = screenshotter(SHOTS, { fullPage: false });

type Box = { left: number; top: number; right: number; bottom: number };

async function box(locator: Locator): Promise<Box> {
  const rect = await locator.boundingBox();
  if (!rect) throw new Error(`${locator.toString()} is not displayed`);
  return { left: rect.x, top: rect.y, right: rect.x + rect.width, bottom: rect.y + rect.height };
}

const overlaps = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

beforeAll(async () => {
  const db = await getE2eDb();
  const { hashPassword } = await import("@/lib/auth/password");
  const root = await db.unit.findFirstOrThrow({ where: { parentId: null }, select: { id: true } });
  // A system administrator, so that no unit's reader counts change under the other browser tests.
  await db.user.upsert({
    where: { account: ACCOUNT },
    update: {},
    create: { account: ACCOUNT, name: "版面测试员", unitId: root.id, role: "SYSTEM_ADMIN", passwordHash: await hashPassword(FIRST_PASSWORD), mustChangePassword: true },
  });
});

describe("the header on a phone is one compact bar (item 2)", () => {
  it("a section's first paragraph starts on the first screen, under a header of one row", async () => {
    await withPage(browser(), PHONE_390, async (page) => {
      await page.goto(sectionPath("part-1"));
      await page.getByRole("progressbar", { name: "本节阅读进度" }).waitFor();
      await page.waitForLoadState("networkidle");
      await screenshot(page, "section-390x844");
      const header = await box(page.getByRole("banner"));
      expect(header.bottom - header.top, "header height").toBeLessThanOrEqual(64);
      const first = await box(page.locator("#section-text p").first());
      expect(first.top, "the first paragraph's top").toBeLessThan(300);
      await expectNoAxeViolations(page);
    });
  });

  it("the menu button shows the links and account actions, and Escape closes it back onto the button", async () => {
    await withPage(browser(), PHONE_390, async (page) => {
      await page.goto("/me");
      await page.waitForLoadState("networkidle");
      await screenshot(page, "me-390x844");
      const banner = page.getByRole("banner");
      const button = banner.getByRole("button", { name: "菜单" });
      await expect(button.getAttribute("aria-expanded")).resolves.toBe("false");
      // What the button opens: the links and the account actions (one id or several).
      const controls = (await button.getAttribute("aria-controls"))?.split(/\s+/u) ?? [];
      expect(controls.length).toBeGreaterThan(0);
      const menu = page.locator(controls.map((id) => `#${id}`).join(", "));
      // Closed: the links and 退出登录 are out of sight and out of the tab order.
      await expect(banner.getByRole("link", { name: "我的笔记" }).isVisible()).resolves.toBe(false);
      await expect(banner.getByRole("button", { name: "退出登录" }).isVisible()).resolves.toBe(false);

      await button.click();
      await expect(button.getAttribute("aria-expanded")).resolves.toBe("true");
      for (const name of ["学习材料", "我的学习", "我的笔记", "修改密码"]) await expect(menu.getByRole("link", { name }).isVisible(), name).resolves.toBe(true);
      await expect(menu.getByRole("button", { name: "退出登录" }).isVisible()).resolves.toBe(true);
      const reader = await (await getE2eDb()).user.findUniqueOrThrow({ where: { account: DEMO.reader }, select: { name: true } });
      await expect(menu.getByText(reader.name).first().isVisible()).resolves.toBe(true);
      await screenshot(page, "menu-open-390x844");
      await expectNoAxeViolations(page);

      await page.keyboard.press("Escape");
      await expect(button.getAttribute("aria-expanded")).resolves.toBe("false");
      for (const id of controls) await expect(page.locator(`#${id}`).isVisible(), id).resolves.toBe(false);
      await expect(page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent)).resolves.toContain("菜单");

      // A link followed from the menu closes it on the next page.
      await button.click();
      await menu.getByRole("link", { name: "我的笔记" }).click();
      await page.waitForURL((url) => url.pathname === "/me/notes");
      await page.getByRole("heading", { level: 1, name: "我的笔记" }).waitFor();
      await banner.getByRole("button", { name: "菜单", expanded: false }).waitFor({ timeout: 5_000 });
    });
  });

  it("the search sits behind an icon that opens the search box, focused", async () => {
    await withPage(browser(), PHONE_390, async (page) => {
      await page.goto("/");
      const banner = page.getByRole("banner");
      await expect(banner.getByRole("searchbox").isVisible()).resolves.toBe(false);
      await banner.getByRole("button", { name: "搜索" }).click();
      const box = banner.getByRole("searchbox");
      await expect(box.isVisible()).resolves.toBe(true);
      await expect(box.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
      await box.fill("数据治理");
      await box.press("Enter");
      await page.waitForURL((url) => url.pathname === "/search");
      expect(new URL(page.url()).searchParams.get("q")).toBe("数据治理");
    });
  });

  it("on a desktop the links, search box and account actions are in the bar, with no menu button", async () => {
    await withPage(browser(), DESKTOP_1366, async (page) => {
      await page.goto("/");
      const banner = page.getByRole("banner");
      await banner.getByRole("button", { name: "退出登录" }).waitFor();
      for (const name of ["学习材料", "我的学习", "我的笔记", "修改密码"]) await expect(banner.getByRole("link", { name }).isVisible(), name).resolves.toBe(true);
      await expect(banner.getByRole("searchbox").isVisible()).resolves.toBe(true);
      await expect(banner.getByRole("button", { name: "菜单" }).isVisible()).resolves.toBe(false);
      const header = await box(banner);
      expect(header.bottom - header.top, "header height").toBeLessThanOrEqual(72);
    });
  });

  it("an anonymous visitor on the sign-in page gets no menu or search to open", async () => {
    await withPage(browser(), { ...PHONE_390, account: null }, async (page) => {
      await page.goto("/login");
      await page.getByRole("button", { name: "登录" }).waitFor();
      const banner = page.getByRole("banner");
      await expect(banner.getByRole("button").count()).resolves.toBe(0);
      await expect(banner.getByRole("link", { name: "学习园地" }).isVisible()).resolves.toBe(true);
    });
  });
});

describe("the notes panel sits beside the text on a desktop (item 4)", () => {
  it("open at 1366×768, it covers neither the text column nor the header's controls", async () => {
    await withPage(browser(), DESKTOP_1366, async (page) => {
      await page.goto(sectionPath("part-1"));
      await page.getByRole("button", { name: /^本节笔记/ }).click();
      const panel = page.locator("#notes-panel");
      await panel.waitFor();
      await page.waitForLoadState("networkidle");
      await screenshot(page, "notes-open-1366x768");
      const panelBox = await box(panel);
      expect(panelBox.right, "the panel is on the right edge").toBeGreaterThanOrEqual(1366 - 1);
      const banner = page.getByRole("banner");
      for (const [label, locator] of [
        ["the text column", page.locator("#section-text")],
        ["the first paragraph", page.locator("#section-text p").first()],
        ["the heading", page.locator("main h1")],
        ["the search box", banner.getByRole("searchbox")],
        ["退出登录", banner.getByRole("button", { name: "退出登录" })],
      ] as const) {
        expect(overlaps(panelBox, await box(locator)), `the panel covers ${label}`).toBe(false);
      }
      // The text is still wide enough to read comfortably (about 30 characters a line).
      const text = await box(page.locator("#section-text"));
      expect(text.right - text.left).toBeGreaterThanOrEqual(500);
      await expectNoAxeViolations(page);

      // Closed, the text takes its full width again.
      await page.keyboard.press("Escape");
      await expect(panel.isVisible()).resolves.toBe(false);
      const after = await box(page.locator("#section-text"));
      expect(after.right - after.left).toBeGreaterThan(text.right - text.left);
    });
  });

  it("on a phone it stays a drawer along the bottom", async () => {
    await withPage(browser(), PHONE_390, async (page) => {
      await page.goto(sectionPath("part-1"));
      await page.getByRole("button", { name: /^本节笔记/ }).click();
      const panel = await box(page.locator("#notes-panel"));
      expect(panel.left).toBeLessThanOrEqual(0);
      expect(panel.right).toBeGreaterThanOrEqual(390);
      expect(Math.round(panel.bottom)).toBe(844);
      expect(panel.top).toBeGreaterThan(100);
    });
  });
});

describe("after a password change, and keyboard hints (item 8)", () => {
  it("the forced change ends on the home page with a confirmation announced as a status", async () => {
    await withPage(browser(), { ...PHONE_390, account: null }, async (page) => {
      await page.goto("/login");
      await page.getByLabel("账号").fill(ACCOUNT);
      await page.getByLabel("密码").fill(FIRST_PASSWORD);
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL((url) => url.pathname === "/account/password");
      await page.getByLabel("当前密码").fill(FIRST_PASSWORD);
      await page.getByLabel("新密码", { exact: true }).fill("second-layout-password");
      await page.getByLabel("再次输入新密码").fill("second-layout-password");
      await page.getByRole("button", { name: "保存新密码" }).click();
      await page.waitForURL((url) => url.pathname === "/");
      const status = page.getByRole("status").filter({ hasText: "密码已修改" });
      await status.waitFor();
      await expect(status.isVisible()).resolves.toBe(true);
      await screenshot(page, "password-changed-390x844");
      await expectNoAxeViolations(page);
    });
  });

  it.each([
    ["390x844 phone", PHONE_390, false],
    ["1366x768 desktop", DESKTOP_1366, true],
  ] as const)("the empty notes panel on a %s advertises Alt+H / Alt+N only where there is a keyboard", async (_size, options, shown) => {
    await withPage(browser(), { ...options, account: DEMO.systemAdmin }, async (page) => {
      await page.goto(sectionPath("part-8"));
      await page.getByRole("button", { name: /^本节笔记（0）/ }).click();
      const panel = page.locator("#notes-panel");
      await panel.getByText("在正文中选中一段文字").waitFor();
      const text = await panel.innerText();
      if (shown) expect(text).toContain("Alt+H / Alt+N");
      else expect(text).not.toContain("Alt+");
    });
  });
});
