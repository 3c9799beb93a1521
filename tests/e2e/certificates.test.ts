/**
 * Issue 17, item 6, in a real browser against the real server: a reader who completed a material
 * opens its 结业证明 from 学习档案; Chromium prints it to an A4 PDF of one page that carries the
 * verification code; an anonymous visitor confirms the code at /verify/<code> (masked name) and is
 * refused a forged one; an administrator finds the 年度学时统计 export on the progress page. The users
 * and units are this file's own. Screenshots go to test-results/screenshots/issue-17-certificates/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { insertSectionProgress } from "../integration/helpers/progress";
import { axeViolations, compact, formatViolations, MATERIAL_SLUG, PHONE, screenshotter, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "screenshots", "issue-17-certificates");
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };
const DESKTOP_1366 = { viewport: { width: 1366, height: 768 } };
const SIZES = [
  ["390", PHONE_390],
  ["1366", DESKTOP_1366],
] as const;
const READER = "cert-e2e-reader";
const ADMIN = "cert-e2e-admin";
let unitId = 0;

const screenshot = screenshotter(SHOTS);

async function expectNoViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => v.id), `axe on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

beforeAll(async () => {
  const db = await getE2eDb();
  const { hashPassword } = await import("@/lib/auth/password");
  const { getMaterial } = await import("@/lib/content");
  const unit = await db.unit.create({ data: { name: "证明测试单位", code: `CERT-E2E-${Date.now()}`, path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  unitId = unit.id;
  const passwordHash = await hashPassword("certificate-password-1");
  const reader = await db.user.create({ data: { account: READER, name: "赵小明", unitId: unit.id, passwordHash, mustChangePassword: false } });
  await db.user.create({ data: { account: ADMIN, name: "证明管理员", unitId: unit.id, role: "UNIT_ADMIN", passwordHash, mustChangePassword: false } });
  for (const section of getMaterial(MATERIAL_SLUG)?.sections ?? []) {
    await insertSectionProgress(db, reader.id, MATERIAL_SLUG, section, new Date("2026-06-01T08:00:00Z"));
  }
});

/** The PDF's page objects ("/Type /Page", not "/Pages"), read from Chromium's uncompressed object dictionaries. */
function countPdfPages(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

describe("结业证明 (issue 17, item 6)", () => {
  let code = "";

  it("opens from 学习档案, prints to one A4 page carrying its code, and is the same certificate when opened again", async () => {
    await withPage(browser(), { ...DESKTOP_1366, account: READER }, async (page) => {
      await page.goto("/me/record");
      await page.getByRole("link", { name: /结业证明/ }).click();
      await page.waitForURL(`**/me/certificates/${MATERIAL_SLUG}`);
      const sheet = page.locator(".certificate-sheet");
      const text = compact(await sheet.innerText());
      expect(text).toContain("结业证明");
      expect(text).toContain("赵小明同志（证明测试单位）于2026年6月1日");
      expect(text).toContain("2学时");
      code = (await page.locator("[data-certificate-code]").innerText()).replace(/-/g, "");
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
      await expectNoViolations(page);
      await screenshot(page, "certificate-1366");
      const pdf = await page.pdf({ path: path.join(RESULTS_DIR, "certificate.pdf"), format: "A4", printBackground: true });
      expect(pdf.subarray(0, 5).toString("ascii")).toBe("%PDF-");
      expect(countPdfPages(pdf)).toBe(1);
      // The verification link is a URI annotation in the PDF: the code, as plain text.
      expect(pdf.toString("latin1")).toContain(`/verify/${code}`);
      // The site's header and footer are not printed: what prints is the sheet alone.
      await page.emulateMedia({ media: "print" });
      await expect(page.locator("header").first().isVisible()).resolves.toBe(false);
      await expect(page.locator("footer").first().isVisible()).resolves.toBe(false);
      await expect(page.getByRole("button", { name: "打印" }).isVisible()).resolves.toBe(false);
      // What the paper shows, approximately: an A4-sized window (96 dpi) in print media.
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: path.join(SHOTS, "certificate-print-a4.png") });
      await page.setViewportSize(DESKTOP_1366.viewport);
      await page.emulateMedia({ media: "screen" });
      await page.reload();
      expect((await page.locator("[data-certificate-code]").innerText()).replace(/-/g, "")).toBe(code);
    });
    const db = await getE2eDb();
    await expect(db.certificate.count({ where: { user: { account: READER } } })).resolves.toBe(1);
    await withPage(browser(), { ...PHONE_390, account: READER }, async (page) => {
      await page.goto(`/me/certificates/${MATERIAL_SLUG}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, "certificate-390");
    });
  }, 120_000);

  it("is confirmed to an anonymous visitor at /verify/<code> with the masked name, and a forged code is refused", async () => {
    expect(code).not.toBe("");
    const forged = code.slice(0, -1) + (code.endsWith("0") ? "1" : "0");
    for (const [size, options] of SIZES) {
      await withPage(browser(), { ...options, account: null }, async (page) => {
        const response = await page.goto(`/verify/${code}`);
        expect(response?.url()).toContain(`/verify/${code}`); // not sent to /login
        expect(response?.headers()["content-security-policy"]).toContain("script-src");
        const text = compact(await page.locator("main").innerText());
        expect(text).toContain("核验通过");
        expect(text).toContain("赵*明");
        expect(text).not.toContain("赵小明");
        expect(text).not.toContain("证明测试单位");
        expect(text).toContain("2026年6月1日");
        await expectNoViolations(page);
        await screenshot(page, `verify-good-${size}`);

        // Typed into the form at /verify, in lower case with hyphens, the same answer.
        await page.goto("/verify");
        await page.getByLabel("核验码").fill(code.toLowerCase().replace(/(.{5})(?!$)/g, "$1-"));
        await page.getByRole("button", { name: "核验" }).click();
        await page.waitForURL("**/verify/**");
        expect(compact(await page.locator("main").innerText())).toContain("赵*明");

        await page.goto(`/verify/${forged}`);
        const refused = compact(await page.locator("main").getByRole("alert").innerText());
        expect(refused).toContain("核验未通过");
        expect(compact(await page.locator("main").innerText())).not.toContain("赵*明");
        await expectNoViolations(page);
        await screenshot(page, `verify-forged-${size}`);
        // An unknown and a malformed code get word for word the same answer.
        await page.goto("/verify/NOT-A-CODE");
        expect(compact(await page.locator("main").getByRole("alert").innerText())).toBe(refused);
      });
    }
  }, 120_000);

  it("marks a disabled account's certificate on /verify", async () => {
    const db = await getE2eDb();
    await db.user.update({ where: { account: READER }, data: { disabled: true } });
    try {
      await withPage(browser(), { ...DESKTOP_1366, account: null }, async (page) => {
        await page.goto(`/verify/${code}`);
        const text = compact(await page.locator("main").innerText());
        expect(text).toContain("核验通过");
        expect(text).toContain("该账号已停用");
      });
    } finally {
      await db.user.update({ where: { account: READER }, data: { disabled: false } });
    }
  });
});

describe("年度学时统计 (issue 17, item 5)", () => {
  it("is linked from the administrator's progress page and downloads person × year as CSV", async () => {
    for (const [size, options] of SIZES) {
      await withPage(browser(), { ...options, account: ADMIN }, async (page) => {
        await page.goto(`/admin/progress?unit=${unitId}&material=${MATERIAL_SLUG}`);
        const link = page.getByRole("link", { name: /^CSV\s*（年度学时统计）$/u });
        await link.scrollIntoViewIfNeeded();
        await screenshot(page, `hours-export-link-${size}`);
        const href = await link.getAttribute("href");
        expect(href).toContain("/api/admin/progress/hours?");
        const response = await page.request.get(href!);
        expect(response.status()).toBe(200);
        const csv = (await response.text()).replace(/^\uFEFF/, "");
        expect(csv.split("\r\n")[0]).toBe("姓名,账号,单位,年度,完成材料数,学时,完成的材料,账号状态");
        expect(csv).toContain(`赵小明,${READER},证明测试单位,2026,1,2,`);
      });
    }
  }, 120_000);
});
