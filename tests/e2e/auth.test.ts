import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DESKTOP, sectionPath, useBrowser, withPage } from "./browser";
import { DEMO, getE2eDb } from "./session";

const browser = useBrowser();
const anonymous = { ...DESKTOP, account: null };

/** Demo passwords, as published in README.md (lib/setup/demo-data.ts). */
const PASSWORDS: Record<string, string> = {
  [DEMO.reader]: "Demo-Reader-2026",
  [DEMO.subtreeAdmin]: "Demo-Unit-2026",
  [DEMO.otherUnitAdmin]: "Demo-Unit-2026",
  [DEMO.systemAdmin]: "Demo-Admin-2026",
  [DEMO.newcomer]: "Demo-First-2026",
};

async function submitLogin(page: Page, account: string, password: string): Promise<void> {
  await page.getByLabel("账号").fill(account);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

describe("signing in", () => {
  it.each([
    ["reader", DEMO.reader, false],
    ["unit administrator", DEMO.subtreeAdmin, true],
    ["system administrator", DEMO.systemAdmin, true],
  ])("signs in as the demo %s and is taken back to the page asked for", async (_role, account, isAdmin) => {
    await withPage(browser(), anonymous, async (page) => {
      const target = sectionPath("part-2");
      await page.goto(target);
      await page.waitForURL((url) => url.pathname === "/login");
      expect(new URL(page.url()).searchParams.get("next")).toBe(target);
      await submitLogin(page, account, PASSWORDS[account] ?? "");
      await page.waitForURL((url) => url.pathname === target);
      await expect(page.locator("h1").textContent()).resolves.toContain("第二部分");
      const banner = page.getByRole("banner");
      // The prerendered header learns the name from the display cookie once hydrated.
      await banner.getByRole("button", { name: "退出登录" }).waitFor();
      await expect(banner.getByRole("link", { name: "管理" }).count()).resolves.toBe(isAdmin ? 1 : 0);

      const cookies = await page.context().cookies();
      const session = cookies.find((c) => c.name === "xxyd_session");
      expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
      expect(session?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + 6 * 86_400);
      // The display hint is readable by script, so it must hold nothing but the account id (which
      // keys this browser's local storage), the name and the role: no secret.
      const hint = cookies.find((c) => c.name === "xxyd_user");
      expect(hint?.httpOnly).toBe(false);
      const value = JSON.parse(decodeURIComponent(hint?.value ?? "{}")) as Record<string, unknown>;
      expect(Object.keys(value).sort()).toEqual(["id", "name", "role"]);
      const db = await getE2eDb();
      expect(value.id).toBe((await db.user.findUniqueOrThrow({ where: { account }, select: { id: true } })).id);
    });
  });

  it.each([
    ["reader", DEMO.reader, "/"],
    ["unit administrator", DEMO.subtreeAdmin, "/admin/progress"],
    ["system administrator", DEMO.systemAdmin, "/admin"],
  ])("lands the demo %s on their own start page when they asked for no particular page", async (_role, account, landing) => {
    await withPage(browser(), anonymous, async (page) => {
      // Opening the portal's address asks for the home page: that is no particular page.
      await page.goto("/");
      await page.waitForURL((url) => url.pathname === "/login");
      await submitLogin(page, account, PASSWORDS[account] ?? "");
      await page.waitForURL((url) => url.pathname === landing);
      // The header learns who signed in without a reload, and the reader view is one click away.
      const banner = page.getByRole("banner");
      await banner.getByRole("link", { name: "我的学习" }).waitFor();
      await banner.getByRole("link", { name: "学习材料" }).click();
      await page.waitForURL((url) => url.pathname === "/");
      await expect(page.locator("h1").textContent()).resolves.toBe("学习材料");
      // Once signed in, the sign-in page sends them on to the same place.
      await page.goto("/login");
      await page.waitForURL((url) => url.pathname === landing);
    });
  });

  it("gives the same message for a wrong password and an unknown account", async () => {
    await withPage(browser(), anonymous, async (page) => {
      await page.goto("/login");
      await submitLogin(page, DEMO.subtreeAdmin, "wrong-password");
      const alert = page.locator("main [role=alert]");
      await expect(alert.textContent()).resolves.toBe("请检查账号和密码");
      await submitLogin(page, "no-such-account", "wrong-password");
      await page.waitForFunction(() => document.querySelector("main [role=alert]")?.textContent === "请检查账号和密码");
      expect(new URL(page.url()).pathname).toBe("/login");
    });
  });

  it("forces a new password at first sign-in, then the old one stops working", async () => {
    await withPage(browser(), anonymous, async (page) => {
      await page.goto("/login");
      await submitLogin(page, DEMO.newcomer, PASSWORDS[DEMO.newcomer] ?? "");
      await page.waitForURL((url) => url.pathname === "/account/password");
      // Until the password is changed, reading pages send the user back here.
      await page.goto(sectionPath("intro"));
      await page.waitForURL((url) => url.pathname === "/account/password");

      await page.getByLabel("当前密码").fill(PASSWORDS[DEMO.newcomer] ?? "");
      await page.getByLabel("新密码", { exact: true }).fill("short");
      await page.getByLabel("再次输入新密码").fill("short");
      await page.getByRole("button", { name: "保存新密码" }).click();
      await page.waitForSelector("#field-newPassword-error");
      await expect(page.locator("#field-newPassword-error").textContent()).resolves.toContain("至少 8 个字符");
      await expect(page.getByLabel("新密码", { exact: true }).getAttribute("aria-describedby")).resolves.toContain("field-newPassword-error");

      await page.getByLabel("当前密码").fill(PASSWORDS[DEMO.newcomer] ?? "");
      await page.getByLabel("新密码", { exact: true }).fill("my-own-password-1");
      await page.getByLabel("再次输入新密码").fill("my-own-password-1");
      await page.getByRole("button", { name: "保存新密码" }).click();
      await page.waitForURL((url) => url.pathname === "/");
      // The section page loads the reader's notes; signing out before that answer arrives would
      // turn it into a 401 (a console error), so wait for it.
      const notesLoaded = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/notes");
      await page.goto(sectionPath("intro"));
      await expect(page.locator("h1").textContent()).resolves.toBe("导言");
      expect((await notesLoaded).status()).toBe(200);

      await page.getByRole("button", { name: "退出登录" }).click();
      await page.waitForURL((url) => url.pathname === "/login");
      await submitLogin(page, DEMO.newcomer, PASSWORDS[DEMO.newcomer] ?? "");
      await expect(page.locator("main [role=alert]").textContent()).resolves.toBe("请检查账号和密码");
      await submitLogin(page, DEMO.newcomer, "my-own-password-1");
      await page.waitForURL((url) => url.pathname === "/");
    });
  });

  it("logs out: the old cookie no longer opens any page", async () => {
    await withPage(browser(), { ...DESKTOP, account: DEMO.reader }, async (page) => {
      await page.goto("/");
      const before = (await page.context().cookies()).find((c) => c.name === "xxyd_session");
      await page.getByRole("button", { name: "退出登录" }).click();
      await page.waitForURL((url) => url.pathname === "/login");
      const response = await fetch(new URL("/", page.url()), { headers: { cookie: `xxyd_session=${before?.value}` }, redirect: "manual" });
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toMatch(/^\/login/);
    });
  });
});

describe("administration boundaries in the browser", () => {
  it("a unit administrator cannot open another unit's account or unit pages by URL", async () => {
    const db = await getE2eDb();
    const target = await db.user.findUniqueOrThrow({ where: { account: "reader02" }, select: { id: true, unit: { select: { id: true, name: true } } } });
    await withPage(browser(), { ...DESKTOP, account: DEMO.otherUnitAdmin, allowConsoleErrors: true }, async (page) => {
      const user = await page.goto(`/admin/users/${target.id}`);
      expect(user?.status()).toBe(404);
      await expect(page.locator("body").innerText()).resolves.not.toContain("reader02");
      const list = await page.goto(`/admin/users?unit=${target.unit.id}`);
      expect(list?.status()).toBe(200);
      await expect(page.locator("main").innerText()).resolves.not.toContain("reader02");
      const edit = await page.goto(`/admin/units/${target.unit.id}/edit`);
      expect(edit?.status()).toBe(403);
    });
    await withPage(browser(), { ...DESKTOP, account: DEMO.subtreeAdmin }, async (page) => {
      const user = await page.goto(`/admin/users/${target.id}`);
      expect(user?.status()).toBe(200);
      await expect(page.locator("main").innerText()).resolves.toContain("reader02");
    });
  });

  it("a reader gets 403 on the administration pages", async () => {
    await withPage(browser(), { ...DESKTOP, account: DEMO.reader, allowConsoleErrors: true }, async (page) => {
      const response = await page.goto("/admin");
      expect(response?.status()).toBe(403);
      await expect(page.locator("h1").textContent()).resolves.toBe("没有访问权限");
    });
  });
});

describe("security headers", () => {
  /** Runs a script injected as markup (an inline event handler); true if it ran. */
  async function injectedMarkupRuns(page: import("playwright-core").Page): Promise<boolean> {
    return page.evaluate(async () => {
      document.body.insertAdjacentHTML("beforeend", '<img src="/no-such-image" onerror="window.__injected = true">');
      await new Promise((resolve) => setTimeout(resolve, 300));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
  }

  function scriptSources(csp: string): string[] {
    return (/script-src ([^;]*)/.exec(csp)?.[1] ?? "").split(" ");
  }

  it("allows a prerendered page exactly its own inline scripts, by hash, and no injected ones", async () => {
    // Chromium logs the refused handler as a console error: expected here, so not a failure.
    await withPage(browser(), { ...DESKTOP, allowConsoleErrors: true }, async (page) => {
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy/.test(m.text()) && !/inline event handler/.test(m.text())) problems.push(m.text());
      });
      const response = await page.goto(sectionPath("intro"));
      const csp = response?.headers()["content-security-policy"] ?? "";
      const sources = scriptSources(csp);
      expect(sources).toContain("'self'");
      expect(sources.some((s) => s.startsWith("'nonce-"))).toBe(false);
      expect(sources.some((s) => s === "'unsafe-inline'")).toBe(false);
      const inline = await page.locator("script:not([src])").evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ""));
      expect(inline.length).toBeGreaterThan(1);
      const { createHash } = await import("node:crypto");
      for (const text of inline) expect(sources).toContain(`'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`);
      for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) expect(csp).toContain(directive);
      expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
      expect(response?.headers()["referrer-policy"]).toBeTruthy();
      expect(await injectedMarkupRuns(page)).toBe(false);
      await page.getByRole("group", { name: "字号" }).getByRole("button", { name: "大", exact: true }).click();
      expect(problems).toEqual([]);
    });
  });

  it("gives a page rendered per request a fresh nonce that its scripts carry", async () => {
    await withPage(browser(), { ...DESKTOP, allowConsoleErrors: true }, async (page) => {
      const first = await page.goto("/search?q=%E6%B2%BB%E7%90%86");
      const csp = first?.headers()["content-security-policy"] ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(scriptSources(csp)).toContain("'strict-dynamic'");
      // Every script the server wrote carries the nonce (scripts Next adds later are trusted
      // through 'strict-dynamic' and need none).
      const html = (await first?.text()) ?? "";
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      const withoutNonce = tags.filter((tag) => !tag.includes(`nonce="${nonce}"`) && !tag.includes("application/json") && !tag.includes("application/ld+json"));
      expect(tags.length).toBeGreaterThan(0);
      // The layout's font-size boot script is the one inline script allowed by hash instead.
      expect(withoutNonce.length).toBeLessThanOrEqual(1);
      expect(await injectedMarkupRuns(page)).toBe(false);
      const second = await page.goto("/search?q=%E6%B2%BB%E7%90%86");
      expect(/'nonce-([^']+)'/.exec(second?.headers()["content-security-policy"] ?? "")?.[1]).not.toBe(nonce);
    });
  });
});
