import type { JSX } from "react";
import { barRatio, BAR_FILL, CHART_WIDTH, ChartEmpty, ChartFrame, fitLabel, FONT_SIZE, formatPercent, formatRate, INK, MUTED_INK, round1, TRACK_FILL } from "./chart-frame";

/** One section: readers who completed it, and readers who started it (completers included). */
export type FunnelBar = { label: string; completed: number; started: number };

const LEGEND_HEIGHT = 28;
const ROW_HEIGHT = 62;
const BAR_HEIGHT = 14;
// Three shades that stay apart in greyscale: outlined white (not started), light grey, dark.
const STARTED_FILL = "#a8a29e"; // stone-400

/**
 * Per section, how many of the headcount started and completed it, in the order given (reading
 * order). Each bar is the headcount; the light part is who started, the dark part who completed.
 */
export function SectionFunnelChart({ title, bars, headcount }: { title: string; bars: FunnelBar[]; headcount: number }): JSX.Element {
  if (bars.length === 0) return <ChartEmpty title={title} />;
  const first = bars[0]!;
  const last = bars[bars.length - 1]!;
  const summary =
    `应学 ${headcount} 人，共 ${bars.length} 节。${first.label}已完成 ${formatRate(first.completed, headcount)}` +
    (bars.length > 1 ? `，${last.label}已完成 ${formatRate(last.completed, headcount)}。` : "。");
  const table = {
    columns: ["章节", "已开始", "已完成", "应学人数", "完成率"],
    rows: bars.map((bar, i) => ({
      key: `${i}-${bar.label}`,
      cells: [bar.label, String(bar.started), String(bar.completed), String(headcount), formatPercent(bar.completed, headcount)],
    })),
  };
  const width = CHART_WIDTH - 1;
  return (
    <ChartFrame title={title} summary={summary} height={LEGEND_HEIGHT + bars.length * ROW_HEIGHT} table={table}>
      <g fontSize={12}>
        <rect x={0.5} y={6.5} width={14} height={12} fill={BAR_FILL} stroke={INK} />
        <text x={20} y={17}>已完成</text>
        <rect x={78.5} y={6.5} width={14} height={12} fill={STARTED_FILL} stroke={INK} />
        <text x={98} y={17}>已开始未完成</text>
        <rect x={188.5} y={6.5} width={14} height={12} fill={TRACK_FILL} stroke={MUTED_INK} />
        <text x={208} y={17}>未开始</text>
      </g>
      {bars.map((bar, i) => {
        const top = LEGEND_HEIGHT + i * ROW_HEIGHT;
        const done = `已完成 ${formatRate(bar.completed, headcount)}`;
        const started = `已开始 ${formatRate(bar.started, headcount)}`;
        return (
          <g key={`${i}-${bar.label}`}>
            <title>{`${bar.label}：${done}，${started}`}</title>
            <text x={0} y={top + 14}>
              {fitLabel(bar.label, CHART_WIDTH / FONT_SIZE)}
            </text>
            <rect x={0.5} y={top + 20} width={width} height={BAR_HEIGHT} fill={TRACK_FILL} />
            <rect x={0.5} y={top + 20} width={round1(barRatio(bar.started, headcount) * width)} height={BAR_HEIGHT} fill={STARTED_FILL} />
            <rect x={0.5} y={top + 20} width={round1(barRatio(bar.completed, headcount) * width)} height={BAR_HEIGHT} fill={BAR_FILL} />
            <rect x={0.5} y={top + 20} width={width} height={BAR_HEIGHT} fill="none" stroke={MUTED_INK} />
            <g fontSize={12} className="tabular-nums">
              <text x={0} y={top + 50}>
                {done}
              </text>
              <text x={CHART_WIDTH} y={top + 50} textAnchor="end">
                {started}
              </text>
            </g>
          </g>
        );
      })}
    </ChartFrame>
  );
}
