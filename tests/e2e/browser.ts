/** Browser helpers shared by the e2e tests: one Chromium per test file, one fresh context per test. */
import fs from "node:fs";
import path from "node:path";
import type { Result as AxeViolation, RunOptions } from "axe-core";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { CHROMIUM_ARGS } from "../support/chromium";
import { ROOT } from "./paths";
import { DEMO, signInCookiesFor } from "./session";

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

export const MATERIAL_SLUG = "deep-poverty-speech";
export const materialPath = (material = MATERIAL_SLUG) => `/materials/${material}`;
export const sectionPath = (section: string, material = MATERIAL_SLUG) => `/materials/${material}/${section}`;

/** Starts the browser the project's global setup chose (system or npm package; tests/support/chromium.ts). */
export function launchBrowser(): Promise<Browser> {
  const choice = inject("browser");
  if (!choice) throw new Error("no browser was provided (the e2e global setup failed; see its message)");
  return chromium.launch({ executablePath: choice.executablePath, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, ...choice.env } });
}

/** Registers beforeAll/afterAll hooks for one browser per test file; call it at the top of a file. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("the browser is not running (was useBrowser() called at the top of the file?)");
    return browser;
  };
}

export type PageOptions = BrowserContextOptions & {
  /** Console errors are expected on some pages, e.g. the browser logs a failed load for a 404. */
  allowConsoleErrors?: boolean;
  /** Demo account to sign in as (reading needs a session); null for an anonymous visitor. */
  account?: string | null;
};

/**
 * Runs `fn` with a page in a fresh context (so localStorage never leaks between tests) and closes
 * it afterwards. Uncaught page errors and console errors — hydration mismatches show up there in a
 * production build — fail the test, because a page that throws is broken even if it looks right.
 */
export async function withPage<T>(browser: Browser, options: PageOptions, fn: (page: Page) => Promise<T>): Promise<T> {
  const { allowConsoleErrors = false, account = DEMO.reader, ...contextOptions } = options;
  const context = await browser.newContext({ baseURL: inject("baseURL"), locale: "zh-CN", ...contextOptions });
  if (account) await context.addCookies(await signInCookiesFor(account));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error" || allowConsoleErrors) return;
    const source = message.location().url;
    // The app has no favicon yet (reported separately); that 404 would otherwise fail every test.
    if (new URL(source || page.url()).pathname === "/favicon.ico") return;
    problems.push(`console error on ${page.url()}${source ? ` (from ${source})` : ""}: ${message.text()}`);
  });
  try {
    const result = await fn(page);
    if (problems.length > 0) throw new Error(`The page reported errors:\n${problems.join("\n")}`);
    return result;
  } finally {
    await context.close();
  }
}

/** Collapses whitespace away entirely: Chinese text has no word spaces, and layout adds line breaks. */
export function compact(text: string): string {
  return text.replace(/\s+/gu, "");
}

const AXE_SCRIPT = path.join(ROOT, "node_modules", "axe-core", "axe.min.js");
let axeSource: string | undefined;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** Runs axe-core on the page as it is now and returns its violations (an empty array is a pass). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through DevTools rather than added as a <script>: the page's CSP (rightly) refuses
  // inline scripts without its nonce, and the test must not weaken it.
  axeSource ??= fs.readFileSync(AXE_SCRIPT, "utf8");
  // After a client-side navigation (a server action's redirect included) Next sets the new page's
  // <title> a moment after its content shows (its metadata streams in): wait for it, up to 5 s. A page
  // that never gets one still fails axe's document-title rule below.
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(axeSource);
  const options: RunOptions = { runOnly: { type: "tag", values: AXE_TAGS }, resultTypes: ["violations"] };
  return page.evaluate(async (runOptions) => {
    // axe.min.js defines a global; typed locally so the DOM's Window type stays untouched project-wide.
    const { axe } = window as unknown as { axe: typeof import("axe-core") };
    const results = await axe.run(document, runOptions);
    return results.violations;
  }, options);
}

/** A readable report: rule, impact, help link, and each offending element with axe's explanation. */
export function formatViolations(violations: AxeViolation[]): string {
  if (violations.length === 0) return "no accessibility violations";
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => {
          const summary = (node.failureSummary ?? "").split("\n").map((line) => `      ${line}`).join("\n");
          return `    - ${node.target.join(" ")}\n      ${node.html}\n${summary}`;
        })
        .join("\n");
      return `[${violation.impact ?? "n/a"}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
    })
    .join("\n\n");
}

/** Reads like a person: small scrolls and pointer moves every couple of seconds, for `seconds`. */
export async function readSlowly(page: Page, seconds: number, scrollBy = 120): Promise<void> {
  const end = Date.now() + seconds * 1000;
  let x = 40;
  while (Date.now() < end) {
    await page.mouse.move((x = x === 40 ? 60 : 40), 300);
    await page.evaluate((dy) => window.scrollBy(0, dy), scrollBy);
    await page.waitForTimeout(2000);
  }
}

/** Selects characters [from, to) of the first text of the section's `index`-th paragraph with the mouse. */
export async function dragSelect(page: Page, index: number, from: number, to: number): Promise<string> {
  const box = await page.evaluate(
    ([i, a, b]) => {
      const paragraph = document.querySelectorAll("#section-text [id^='p-']")[i]!;
      paragraph.scrollIntoView({ block: "center" });
      const node = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT).nextNode() as Text;
      const lead = node.data.length - node.data.trimStart().length;
      const rect = (at: number) => {
        const range = document.createRange();
        range.setStart(node, lead + at);
        range.setEnd(node, lead + at + 1);
        return range.getBoundingClientRect();
      };
      const start = rect(a);
      const end = rect(b - 1);
      return { x1: start.left + 1, y1: start.top + start.height / 2, x2: end.right - 1, y2: end.top + end.height / 2, text: node.data.slice(lead + a, lead + b) };
    },
    [index, from, to] as const,
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 8 });
  await page.mouse.up();
  return box.text;
}

/** Fails with axe's own report when the page as it is now has any accessibility violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => v.id), `axe on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

/** A `screenshot(page, name)` that writes `<folder>/<name>.png` (the whole page unless told otherwise). */
export function screenshotter(folder: string, options: { fullPage?: boolean } = {}): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    fs.mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: options.fullPage ?? true });
  };
}
