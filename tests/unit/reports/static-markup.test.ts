// The dashboard inserts its charts as HTML strings from renderStaticMarkup: the strings must be what
// React itself would render (same escaping), for every chart, hostile labels included.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CompletionOverTimeChart } from "@/components/charts/completion-over-time";
import { SectionFunnelChart } from "@/components/charts/section-funnel";
import { renderStaticMarkup, StaticChart } from "@/components/charts/static-markup";
import { UnitComparisonChart } from "@/components/charts/unit-comparison";

const HOSTILE = [`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `' onmouseover='x`, "&lt;b&gt;", "县委组织部"];

const charts = [
  createElement(CompletionOverTimeChart, {
    title: "完成人数变化",
    headcount: 120,
    dueDate: "2026-11-20",
    points: Array.from({ length: 30 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, completed: i * 3 })),
  }),
  createElement(SectionFunnelChart, { title: "各小节完成情况", headcount: 120, bars: HOSTILE.map((label, i) => ({ label, completed: i * 5, started: i * 9 })) }),
  createElement(UnitComparisonChart, { title: `下级<单位>"完成率"`, bars: HOSTILE.map((label, i) => ({ label, completed: i, headcount: 10 + i })) }),
  createElement(UnitComparisonChart, { title: "空", bars: [] }),
  createElement(CompletionOverTimeChart, { title: "零人", headcount: 0, points: [{ day: "2026-11-01", completed: 0 }] }),
];

describe("renderStaticMarkup", () => {
  it.each(charts.map((chart, i) => [i, chart] as const))("renders chart %i exactly as react-dom does", (_i, chart) => {
    expect(renderStaticMarkup(chart)).toBe(renderToStaticMarkup(chart));
  });

  it("keeps hostile labels as text", () => {
    const html = renderStaticMarkup(charts[1]!);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("refuses what it cannot render faithfully instead of guessing", () => {
    expect(() => renderStaticMarkup(createElement("div", { style: { color: "red" } }))).toThrow(/unsupported attribute style/);
    expect(() => renderStaticMarkup(createElement("div", { onClick: () => undefined }))).toThrow(/unsupported attribute onClick/);
  });
});

describe("StaticChart", () => {
  type FunnelProps = Parameters<typeof SectionFunnelChart>[0];
  const staticFunnel = (props: FunnelProps) => renderToStaticMarkup(StaticChart({ name: "funnel", component: SectionFunnelChart, props }));

  it("inserts the chart's markup in one element, the same for the same props", () => {
    const props: FunnelProps = { title: "各小节完成情况", headcount: 10, bars: [{ label: "导言", completed: 3, started: 5 }] };
    const html = staticFunnel(props);
    expect(html).toBe(`<div>${renderToStaticMarkup(createElement(SectionFunnelChart, props))}</div>`);
    expect(staticFunnel({ ...props })).toBe(html);
    expect(staticFunnel({ ...props, headcount: 11 })).not.toBe(html);
  });
});
