// Issue 15's sweep: every kind of page, as each role, at a 390×844 phone and a 1366×768 office
// desktop. Each must fit the screen's width, show its heading and first paragraph uncovered by any
// fixed or sticky bar, and pass axe. Screenshots go to test-results/pages/<role>-<page>-<w>x<h>.png
// for a person to look at.
import fs from "node:fs";
import path from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, formatViolations, MATERIAL_SLUG, materialPath, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { DEMO, getE2eDb } from "./session";

const browser = useBrowser();
const SHOTS = path.join(RESULTS_DIR, "pages");

const PHONE_390: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP_1366: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };
const SIZES = [PHONE_390, DESKTOP_1366];

/** Records the pages below need: reader02's account and unit (zzb-admin's subtree), a submitted 心得. */
type Targets = { userId: number; unitId: number; reflectionId: number };
let targets: Targets;

type Visit = { role: "anonymous" | "reader" | "unit-admin" | "system-admin"; page: string; url: (t: Targets) => string };
const ACCOUNTS: Record<Visit["role"], string | null> = {
  anonymous: null,
  reader: DEMO.reader,
  "unit-admin": DEMO.subtreeAdmin,
  "system-admin": DEMO.systemAdmin,
};

/** A material published for reader02's unit (zzb-admin's subtree) with one question, for the 自测题 pages. */
const QUIZ_MATERIAL = "every-page-quiz";
const QUIZ_QUESTION = "every-page-question";

const READER_PAGES: Array<[string, (t: Targets) => string]> = [
  ["home", () => "/"],
  ["material", () => materialPath()],
  ["section", () => sectionPath("part-1")],
  ["me", () => "/me"],
  ["me-notes", () => "/me/notes"],
  ["search", () => `/search?q=${encodeURIComponent("数据治理")}`],
  ["password", () => "/account/password"],
];
const ADMIN_PAGES: Array<[string, (t: Targets) => string]> = [
  ["admin", () => "/admin"],
  ["progress", () => "/admin/progress"],
  ["progress-unit", (t) => `/admin/progress?unit=${t.unitId}&material=${MATERIAL_SLUG}`],
  ["progress-people", (t) => `/admin/progress/people?unit=${t.unitId}&material=${MATERIAL_SLUG}`],
  ["person", (t) => `/admin/progress/people/${t.userId}`],
  ["progress-quiz", (t) => `/admin/progress/quiz?unit=${t.unitId}&material=${MATERIAL_SLUG}`],
  ["users", () => "/admin/users"],
  ["user", (t) => `/admin/users/${t.userId}`],
  ["user-new", () => "/admin/users/new"],
  ["units", () => "/admin/units"],
  ["import", () => "/admin/import"],
  ["materials", () => "/admin/materials"],
  ["material-new", () => "/admin/materials/new"],
  ["material-quiz", () => `/admin/materials/${QUIZ_MATERIAL}/quiz`],
  ["material-quiz-question", () => `/admin/materials/${QUIZ_MATERIAL}/quiz/${QUIZ_QUESTION}`],
  ["assignments", () => "/admin/assignments"],
  ["reflections", () => "/admin/reflections"],
  ["reflection", (t) => `/admin/reflections/${t.reflectionId}`],
];
const SYSTEM_PAGES: Array<[string, (t: Targets) => string]> = [
  ["audit", () => "/admin/audit"],
  ["unit-new", () => "/admin/units/new"],
  ["unit-edit", (t) => `/admin/units/${t.unitId}/edit`],
];

const VISITS: Visit[] = [
  { role: "anonymous", page: "login", url: () => "/login" },
  ...READER_PAGES.map(([page, url]): Visit => ({ role: "reader", page, url })),
  ...[["home", () => "/"] as const, ...ADMIN_PAGES].map(([page, url]): Visit => ({ role: "unit-admin", page, url })),
  ...[["password", () => "/account/password"] as const, ...ADMIN_PAGES, ...SYSTEM_PAGES].map(([page, url]): Visit => ({ role: "system-admin", page, url })),
];

type Layout = { scrollWidth: number; innerWidth: number; wide: string[]; hidden: string[]; h1: string | null };

/**
 * Measures the page as it first shows: its width against the window's (with what sticks out), and
 * whether the h1 and the first paragraph of the main content, where they are on the first screen,
 * are what a tap at their centre would reach, rather than a fixed or sticky bar drawn over them.
 */
function measure(page: Page, screenWidth: number): Promise<Layout> {
  return page.evaluate((limit) => {
    const wide: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth || innerWidth > limit) {
      for (const element of Array.from(document.body.querySelectorAll("*"))) {
        const rect = element.getBoundingClientRect();
        if (rect.right > limit + 0.5 && rect.width > 0 && wide.length < 10) {
          wide.push(`${element.tagName.toLowerCase()} right=${Math.round(rect.right)}px "${(element.textContent ?? "").trim().slice(0, 20)}"`);
        }
      }
    }
    const main = document.getElementById("main")!;
    const h1 = main.querySelector("h1");
    const paragraph = Array.from(main.querySelectorAll("p")).find((p) => {
      const rect = p.getBoundingClientRect();
      return rect.width > 2 && rect.height > 2 && (p.textContent ?? "").trim() !== "";
    });
    const hidden: string[] = [];
    for (const [label, element] of [["h1", h1], ["first paragraph", paragraph]] as const) {
      if (!element) continue;
      const rect = element.getBoundingClientRect();
      const [x, y] = [rect.left + Math.min(rect.width, innerWidth) / 2, rect.top + rect.height / 2];
      if (y < 0 || y > innerHeight) {
        if (label === "h1") hidden.push(`h1 is not on the first screen (centre at y=${Math.round(y)})`);
        continue;
      }
      const hit = document.elementFromPoint(x, y);
      if (!hit || !(hit === element || element.contains(hit))) {
        const what = hit ? `${hit.tagName.toLowerCase()}${hit.id ? `#${hit.id}` : ""} "${(hit.textContent ?? "").trim().slice(0, 20)}"` : "nothing";
        hidden.push(`${label} "${(element.textContent ?? "").trim().slice(0, 20)}" is covered at ${Math.round(x)},${Math.round(y)} by ${what}`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, wide, hidden, h1: h1?.textContent ?? null };
  }, screenWidth);
}

beforeAll(async () => {
  const db = await getE2eDb();
  const user = await db.user.findUniqueOrThrow({ where: { account: "reader02" }, select: { id: true, unitId: true } });
  const now = new Date();
  // A submitted 心得 for the review pages (the demo data has none).
  const reflection = await db.reflection.upsert({
    where: { userId_materialSlug_sectionSlug: { userId: user.id, materialSlug: MATERIAL_SLUG, sectionSlug: "part-2" } },
    update: {},
    create: { userId: user.id, materialSlug: MATERIAL_SLUG, sectionSlug: "part-2", body: "扶贫先扶志，学习体会。", submittedBody: "扶贫先扶志，学习体会。", submittedAt: now, createdAt: now, updatedAt: now },
    select: { id: true },
  });
  targets = { userId: user.id, unitId: user.unitId, reflectionId: reflection.id };
  await db.publishedMaterial.deleteMany({ where: { slug: QUIZ_MATERIAL } });
  const [{ publishMaterial }, { getSection }] = await Promise.all([import("@/lib/materials/store"), import("@/lib/content")]);
  const admin = await db.user.findUniqueOrThrow({ where: { account: DEMO.systemAdmin }, select: { id: true, role: true, account: true, unit: { select: { path: true } } } });
  const paragraph = (text: string) => ({ kind: "paragraph" as const, text, flags: [] });
  await publishMaterial(
    { id: admin.id, role: admin.role, account: admin.account, unitPath: admin.unit.path },
    { slug: QUIZ_MATERIAL, title: "逐页检查的自测材料", audienceUnitId: user.unitId, sections: [{ slug: "intro", title: "导言", paragraphs: [paragraph("逐页检查自测题页面的正文。第二句。")] }] },
  );
  const first = getSection(QUIZ_MATERIAL, "intro")!.section.paragraphs[0]!;
  await db.$transaction([
    db.publishedQuestion.create({
      data: { materialSlug: QUIZ_MATERIAL, id: QUIZ_QUESTION, type: "true-false", prompt: "正文检查的是自测题页面。", options: "[]", answer: "true", explanation: "见导言。", sectionSlug: "intro", paragraphId: first.id, quote: "逐页检查自测题页面" },
    }),
    db.materialsVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } }),
  ]);
  fs.mkdirSync(SHOTS, { recursive: true });
});

// Readers of reader02's unit would otherwise find it on their home pages in the browser tests after this one.
afterAll(async () => {
  const db = await getE2eDb();
  await db.publishedMaterial.deleteMany({ where: { slug: QUIZ_MATERIAL } });
  await db.materialsVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
});

describe("every page fits the phone and the desktop, with nothing drawn over its text, and passes axe", () => {
  it.each(VISITS.map((visit) => [`${visit.role} ${visit.page}`, visit] as const))("%s", async (_name, visit) => {
    for (const options of SIZES) {
      const { width, height } = options.viewport!;
      // Soft checks, so that a failure at one size still shows the other.
      await withPage(browser(), { ...options, account: ACCOUNTS[visit.role] }, async (page) => {
        const url = visit.url(targets);
        const response = await page.goto(url);
        expect(response?.status(), `${url} as ${visit.role}`).toBe(200);
        expect(new URL(page.url()).pathname, "not redirected elsewhere").toBe(new URL(url, page.url()).pathname);
        // Client components (the header's user menu, progress, notes) have drawn themselves.
        if (ACCOUNTS[visit.role]) await page.getByRole("banner").getByText("退出登录").waitFor({ state: "attached" });
        await page.waitForLoadState("networkidle");
        await page.screenshot({ path: path.join(SHOTS, `${visit.role}-${visit.page}-${width}x${height}.png`) });
        const layout = await measure(page, width);
        const where = `${url} as ${visit.role} at ${width}x${height}`;
        expect.soft(layout.h1, `${where} has an h1`).toBeTruthy();
        expect.soft(layout.innerWidth, `${where}: the phone widened its window to fit:\n${layout.wide.join("\n")}`).toBe(width);
        expect.soft(layout.scrollWidth, `${where} scrolls sideways:\n${layout.wide.join("\n")}`).toBeLessThanOrEqual(layout.innerWidth);
        expect.soft(layout.hidden, `${where}: text hidden on the first screen`).toEqual([]);
        const violations = await axeViolations(page);
        expect.soft(violations.map((v) => v.id), `axe on ${where}:\n${formatViolations(violations)}`).toEqual([]);
      });
    }
  }, 90_000);
});
