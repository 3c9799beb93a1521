import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations, DESKTOP, formatViolations, MATERIAL_SLUG, materialPath, PHONE, sectionPath, useBrowser, withPage } from "./browser";

const browser = useBrowser();

async function expectNoViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  // Compare rule ids so a failure shows the readable report, not a huge object diff.
  expect(violations.map((violation) => violation.id), `axe on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

describe("automated accessibility checks (axe-core, WCAG 2.1 A/AA + best practice)", () => {
  it.each([
    ["home", "/"],
    ["material overview", materialPath()],
    ["section", sectionPath("part-1")],
    ["search results", `/search?q=${encodeURIComponent("数据治理")}`],
    ["我的笔记", "/me/notes"],
    ["我的学习", "/me"],
    ["printable notebook", `/me/notes/print/${MATERIAL_SLUG}`],
  ])("%s page on a desktop has no violations", async (_label, url) => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(url);
      await expectNoViolations(page);
    });
  });

  it.each([
    ["submitted 心得 list", "/admin/reflections"],
    ["admin overview", "/admin"],
    ["学习情况", "/admin/progress"],
    ["person grid", "/admin/progress/people"],
  ])("%s page (unit administrator) has no violations", async (_label, url) => {
    await withPage(browser(), { ...DESKTOP, account: "zzb-admin" }, async (page) => {
      await page.goto(url);
      await expectNoViolations(page);
    });
  });

  it.each([
    ["desktop", DESKTOP],
    ["375px phone", PHONE],
  ])("section page with the notes panel open on a %s has no violations", async (_label, options) => {
    await withPage(browser(), options, async (page) => {
      await page.goto(sectionPath("part-1"));
      await page.getByRole("button", { name: /^本节笔记/ }).click();
      await page.locator("#notes-panel").waitFor();
      await page.getByRole("textbox", { name: "本节心得" }).waitFor();
      await expectNoViolations(page);
    });
  });

  it.each([
    ["desktop", DESKTOP],
    ["375px phone", PHONE],
  ])("sign-in page (anonymous) on a %s has no violations", async (_label, options) => {
    await withPage(browser(), { ...options, account: null }, async (page) => {
      await page.goto("/login");
      await page.getByRole("button", { name: "登录" }).waitFor();
      await expectNoViolations(page);
    });
  });

  it("我的学习 on a 375px phone has no violations", async () => {
    await withPage(browser(), PHONE, async (page) => {
      await page.goto("/me");
      await expectNoViolations(page);
    });
  });

  it("not-found page has no violations", async () => {
    // The browser logs the 404 response itself as a console error; that is expected here.
    await withPage(browser(), { ...DESKTOP, allowConsoleErrors: true }, async (page) => {
      await page.goto(sectionPath("no-such-section"));
      await expectNoViolations(page);
    });
  });

  it("section page on a 375px phone has no violations", async () => {
    await withPage(browser(), PHONE, async (page) => {
      await page.goto(sectionPath("part-1"));
      await expectNoViolations(page);
    });
  });
});

type FocusInfo = {
  tag: string;
  text: string;
  href: string | null;
  id: string;
  outlineStyle: string;
  outlineWidth: number;
  /** Contrast of the outline against whatever is painted just outside it (WCAG 1.4.11 asks 3:1). */
  outlineContrast: number;
  box: { left: number; top: number; width: number; height: number };
};

/** What has keyboard focus now, and how its focus indicator is drawn. */
function focused(page: Page): Promise<FocusInfo | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || element === document.body) return null;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();

    // Computed colours may be lab()/oklch() (Tailwind 4); a canvas turns any CSS colour into sRGB.
    const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const toRgb = (color: string): [number, number, number, number] => {
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = color;
      canvas.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0, a = 0] = canvas.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a];
    };
    const luminance = ([r, g, b]: number[]) =>
      [r!, g!, b!]
        .map((c) => c / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    const backgroundAt = (x: number, y: number) => {
      // The first opaque background under the point; the outline itself is excluded by sampling
      // just beyond its outer edge.
      for (let node = document.elementFromPoint(x, y); node; node = node.parentElement) {
        const rgba = toRgb(getComputedStyle(node).backgroundColor);
        if (rgba[3] > 0) return rgba;
      }
      return toRgb("white");
    };
    const offset = parseFloat(style.outlineOffset) || 0;
    const width = parseFloat(style.outlineWidth) || 0;
    const reach = offset + width + 1;
    const [midX, midY] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
    const sides = [
      [rect.left - reach, midY],
      [rect.right + reach, midY],
      [midX, rect.top - reach],
      [midX, rect.bottom + reach],
    ].filter(([x, y]) => x! >= 0 && y! >= 0 && x! < window.innerWidth && y! < window.innerHeight);
    const ring = luminance(toRgb(style.outlineColor));
    const contrast = (other: number) => (Math.max(ring, other) + 0.05) / (Math.min(ring, other) + 0.05);
    // The best side counts: a ring touching a neighbouring button on one side is still seen on the others.
    const outlineContrast = Math.max(0, ...sides.map(([x, y]) => contrast(luminance(backgroundAt(x!, y!)))));

    return {
      tag: element.tagName.toLowerCase(),
      text: (element.textContent ?? "").trim(),
      href: element.getAttribute("href"),
      id: element.id,
      outlineStyle: style.outlineStyle,
      outlineWidth: width,
      outlineContrast: Math.round(outlineContrast * 100) / 100,
      box: { left: rect.left, top: rect.top, width: rect.width, height: rect.height },
    };
  });
}

function describeFocus(info: FocusInfo | null): string {
  if (!info) return "nothing (body)";
  const label = info.text || info.href || "";
  return `<${info.tag}${info.id ? ` id=${info.id}` : ""}> "${label.slice(0, 30)}"`;
}

/** Visible = has a real size on screen; `.sr-only` content is clipped to 1×1 px. */
function expectOnScreen(info: FocusInfo, viewportWidth: number): void {
  expect(info.box.width, `${describeFocus(info)} width`).toBeGreaterThan(10);
  expect(info.box.height, `${describeFocus(info)} height`).toBeGreaterThan(10);
  expect(info.box.left).toBeGreaterThanOrEqual(0);
  expect(info.box.left + info.box.width).toBeLessThanOrEqual(viewportWidth);
}

function expectFocusRing(info: FocusInfo): void {
  expect(info.outlineStyle, `focus outline of ${describeFocus(info)}`).not.toBe("none");
  expect(info.outlineWidth, `focus outline width of ${describeFocus(info)}`).toBeGreaterThanOrEqual(2);
}

/** Presses Tab until focus leaves the document, returning every interactive element it reached. */
async function tabThroughPage(page: Page): Promise<FocusInfo[]> {
  const reached: FocusInfo[] = [];
  // A bound, in case focus were ever trapped; the section page has about 25 stops.
  for (let press = 0; press < 60; press++) {
    await page.keyboard.press("Tab");
    const info = await focused(page);
    if (!info) break;
    if (["a", "button", "input"].includes(info.tag)) reached.push(info);
  }
  return reached;
}

describe("keyboard use", () => {
  it("the first Tab reaches a visible skip link that moves focus to the main content", async () => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(sectionPath("part-1"));
      await page.keyboard.press("Tab");
      const skip = await focused(page);
      expect(skip, "focus after the first Tab").not.toBeNull();
      expect(skip!.text).toBe("跳到正文");
      expectOnScreen(skip!, DESKTOP.viewport!.width);
      expectFocusRing(skip!);

      await page.keyboard.press("Enter");
      const target = skip!.href?.replace(/^#/u, "");
      expect(target, "the skip link points at an element on the page").toBeTruthy();
      expect((await focused(page))?.id).toBe(target);
    });
  });

  it("every control reached with Tab on a section page shows a focus outline", async () => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(sectionPath("part-1"));
      const reached = await tabThroughPage(page);
      // The walk really visited the page's links and the 字号 buttons, not just the skip link.
      expect(reached.filter((info) => info.tag === "a").length).toBeGreaterThan(10);
      expect(reached.filter((info) => info.tag === "button").length).toBeGreaterThanOrEqual(4);
      for (const info of reached) expectFocusRing(info);
    });
  });

  it("every focus outline contrasts at least 3:1 with the background around it", async () => {
    await withPage(browser(), DESKTOP, async (page) => {
      await page.goto(sectionPath("part-1"));
      const faint = (await tabThroughPage(page))
        .filter((info) => info.outlineContrast < 3)
        .map((info) => `${describeFocus(info)}: ${info.outlineContrast}:1`);
      expect(faint, `focus outlines too faint to see:\n${faint.join("\n")}`).toEqual([]);
    });
  });
});
