// The unit project only picks up *.test.ts, so the charts are rendered with createElement, not JSX.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatRate } from "@/components/charts/chart-frame";
import { CompletionOverTimeChart, type CompletionPoint } from "@/components/charts/completion-over-time";
import { SectionFunnelChart } from "@/components/charts/section-funnel";
import { UnitComparisonChart } from "@/components/charts/unit-comparison";

function days(count: number, start = "2026-11-01"): CompletionPoint[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({ day: new Date(first + i * 86_400_000).toISOString().slice(0, 10), completed: i * 2 }));
}

/** The text of every element matching an opening tag pattern, e.g. all <th scope="row"> cells. */
function texts(html: string, open: RegExp): string[] {
  const unescape = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
  return [...html.matchAll(new RegExp(`${open.source}([^<]*)<`, "g"))].map((m) => unescape(m[1]!));
}

/** The accessible structure every chart shares: figure, caption, named SVG, a data table for screen readers and print. */
function expectAccessibleFigure(html: string, title: string) {
  expect(html.startsWith("<figure")).toBe(true);
  expect(html).toContain(`<figcaption><span class="block font-bold leading-snug">${title}</span>`);
  const svg = html.match(/<svg[^>]*>/)![0];
  expect(svg).toContain('role="img"');
  expect(svg).toContain('viewBox="0 0 400 ');
  expect(svg).toContain("w-full");
  const labelledBy = svg.match(/aria-labelledby="([^"]+)"/)![1]!;
  const describedBy = svg.match(/aria-describedby="([^"]+)"/)![1]!;
  expect(html).toContain(`<title id="${labelledBy}">${title}</title>`);
  expect(html).toContain(`<desc id="${describedBy}">`);
  // The data table once: for screen readers, and shown in print.
  expect(html).toMatch(/<div class="sr-only print:not-sr-only print:mt-3"><table/);
  expect(html.match(/<table/g)).toHaveLength(1);
  expect(html).not.toMatch(/NaN|Infinity|undefined/);
  expect(html).not.toMatch(/排名|名次|第一名|最高|最低|落后|领先/);
}

describe("formatRate", () => {
  it("always shows the denominator, and — instead of a rate when it is 0", () => {
    expect(formatRate(37, 120)).toBe("37/120（30.8%）");
    expect(formatRate(120, 120)).toBe("120/120（100.0%）");
    expect(formatRate(0, 0)).toBe("0/0（—）");
  });
});

describe("UnitComparisonChart", () => {
  const bars = [
    { label: "县委组织部", completed: 37, headcount: 120 },
    { label: "组织部第一支部", completed: 9, headcount: 9 },
    { label: "新成立的<script>支部", completed: 0, headcount: 0 },
    { label: "县委宣传部", completed: 40, headcount: 50 },
  ];

  it("shows each unit's rate with its denominator, in the order given", () => {
    const html = renderToStaticMarkup(createElement(UnitComparisonChart, { title: "各单位完成情况", bars }));
    expectAccessibleFigure(html, "各单位完成情况");
    expect(html).toContain(">37/120（30.8%）</text>");
    expect(html).toContain(">9/9（100.0%）</text>");
    expect(html).toContain(">0/0（—）</text>");
    expect(html).toContain("共 4 个单位，合计已完成 86/179（48.0%）。");
    // Text is React text, never raw HTML.
    expect(html).not.toContain("<script>");
    expect(html).toContain("新成立的&lt;script&gt;支部");
    const rowHeaders = texts(html, /<th scope="row"[^>]*>/);
    expect(rowHeaders.slice(0, 4)).toEqual(bars.map((b) => b.label));
    expect(texts(html, /<text x="0" y="\d+">/)).toEqual(bars.map((b) => b.label));
  });

  it("draws bars in proportion, an empty one for a unit with no headcount", () => {
    const html = renderToStaticMarkup(createElement(UnitComparisonChart, { title: "t", bars }));
    const fills = [...html.matchAll(/<rect x="0.5" y="\d+" width="([\d.]+)" height="14" fill="#991b1b"/g)].map((m) => Number(m[1]));
    expect(fills[0]).toBeCloseTo(399 * (37 / 120), 1);
    expect(fills[1]).toBe(399);
    expect(fills[2]).toBe(0);
  });

  it("says 暂无数据 without an SVG when there are no units", () => {
    const html = renderToStaticMarkup(createElement(UnitComparisonChart, { title: "各单位完成情况", bars: [] }));
    expect(html).toContain("暂无数据");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("<table");
  });
});

describe("SectionFunnelChart", () => {
  const bars = [
    { label: "导言", completed: 80, started: 100 },
    { label: "第一部分", completed: 60, started: 90 },
    { label: "结语", completed: 30, started: 40 },
  ];

  it("shows started and completed per section against the headcount, in reading order", () => {
    const html = renderToStaticMarkup(createElement(SectionFunnelChart, { title: "各节学习情况", bars, headcount: 120 }));
    expectAccessibleFigure(html, "各节学习情况");
    expect(html).toContain("已完成 80/120（66.7%）");
    expect(html).toContain("已开始 100/120（83.3%）");
    expect(html).toContain("应学 120 人，共 3 节。导言已完成 80/120（66.7%），结语已完成 30/120（25.0%）。");
    expect(texts(html, /<th scope="row"[^>]*>/).slice(0, 3)).toEqual(["导言", "第一部分", "结语"]);
    // Legend words, so the shades are never the only way to tell the parts apart.
    for (const word of ["已完成", "已开始未完成", "未开始"]) expect(html).toContain(`>${word}</text>`);
  });

  it("shows — for rates when the headcount is 0, and 暂无数据 with no sections", () => {
    const html = renderToStaticMarkup(createElement(SectionFunnelChart, { title: "t", bars, headcount: 0 }));
    expect(html).toContain("已完成 80/0（—）");
    expect(html).not.toMatch(/NaN/);
    const empty = renderToStaticMarkup(createElement(SectionFunnelChart, { title: "t", bars: [], headcount: 10 }));
    expect(empty).toContain("暂无数据");
    expect(empty).not.toContain("<svg");
  });
});

describe("CompletionOverTimeChart", () => {
  it("draws a step line to the headcount guide, the due date and at most 6 day labels", () => {
    const points = days(60);
    const html = renderToStaticMarkup(createElement(CompletionOverTimeChart, { title: "完成人数变化", points, headcount: 120, dueDate: "2026-12-15" }));
    expectAccessibleFigure(html, "完成人数变化");
    expect(html).toContain("应学 120 人；截至 2026-12-30 累计完成 118/120（98.3%）；截止日期 2026-12-15。");
    expect(html).toContain(">应学 120 人</text>");
    expect(html).toContain(">截止 12-15</text>");
    const dayLabels = texts(html, /<text x="[\d.]+" y="228" text-anchor="\w+">/);
    expect(dayLabels.length).toBeLessThanOrEqual(6);
    expect(dayLabels[0]).toBe("11-01");
    expect(dayLabels.at(-1)).toBe("12-30");
    const path = html.match(/<path d="([^"]+)"/)![1]!;
    expect(path.match(/H/g)).toHaveLength(59);
    expect(texts(html, /<th scope="row"[^>]*>/).slice(0, 60)).toEqual(points.map((p) => p.day));
  });

  it("leaves out a due date outside the range and copes with one day and no headcount", () => {
    const html = renderToStaticMarkup(
      createElement(CompletionOverTimeChart, { title: "t", points: [{ day: "2026-11-29", completed: 0 }], headcount: 0, dueDate: "2027-01-01" }),
    );
    expect(html).not.toContain("截止 01-01");
    expect(html).toContain("截止日期 2027-01-01");
    expect(html).toContain("0/0（—）");
    expect(html).not.toMatch(/NaN|Infinity/);
    expect(html).not.toContain(">应学 0 人</text>");
  });

  it("says 暂无数据 without an SVG when there are no days", () => {
    const html = renderToStaticMarkup(createElement(CompletionOverTimeChart, { title: "t", points: [], headcount: 10 }));
    expect(html).toContain("暂无数据");
    expect(html).not.toContain("<svg");
  });
});
