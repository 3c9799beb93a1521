import type { JSX } from "react";
import { barRatio, BAR_FILL, CHART_WIDTH, ChartEmpty, ChartFrame, fitLabel, FONT_SIZE, formatPercent, formatRate, MUTED_INK, round1, TRACK_FILL } from "./chart-frame";

/** One sub-unit: completers and the people who should study, in its whole subtree. */
export type UnitBar = { label: string; completed: number; headcount: number };

const ROW_HEIGHT = 44;
const BAR_HEIGHT = 14;
// The rate is right-aligned on the label's line; the label gets the rest (~19 em).
const LABEL_EM = (CHART_WIDTH - 150) / FONT_SIZE;

/**
 * Completion rate per sub-unit, each with its denominator ("37/120（30.8%）"), in the order given:
 * the chart compares, it does not rank, so it never sorts.
 */
export function UnitComparisonChart({ title, bars }: { title: string; bars: UnitBar[] }): JSX.Element {
  if (bars.length === 0) return <ChartEmpty title={title} />;
  const completed = bars.reduce((sum, bar) => sum + bar.completed, 0);
  const headcount = bars.reduce((sum, bar) => sum + bar.headcount, 0);
  const summary = `共 ${bars.length} 个单位，合计已完成 ${formatRate(completed, headcount)}。`;
  const table = {
    columns: ["单位", "已完成", "应学人数", "完成率"],
    rows: bars.map((bar, i) => ({
      key: `${i}-${bar.label}`,
      cells: [bar.label, String(bar.completed), String(bar.headcount), formatPercent(bar.completed, bar.headcount)],
    })),
  };
  return (
    <ChartFrame title={title} summary={summary} height={bars.length * ROW_HEIGHT + 4} table={table}>
      {bars.map((bar, i) => {
        const top = i * ROW_HEIGHT;
        const rate = formatRate(bar.completed, bar.headcount);
        return (
          <g key={`${i}-${bar.label}`}>
            <title>{`${bar.label}：${rate}`}</title>
            <text x={0} y={top + 15}>
              {fitLabel(bar.label, LABEL_EM)}
            </text>
            <text x={CHART_WIDTH} y={top + 15} textAnchor="end" className="tabular-nums">
              {rate}
            </text>
            <rect x={0.5} y={top + 21} width={CHART_WIDTH - 1} height={BAR_HEIGHT} fill={TRACK_FILL} />
            <rect x={0.5} y={top + 21} width={round1(barRatio(bar.completed, bar.headcount) * (CHART_WIDTH - 1))} height={BAR_HEIGHT} fill={BAR_FILL} />
            {/* The outline goes last so a full bar still shows where 100% is. */}
            <rect x={0.5} y={top + 21} width={CHART_WIDTH - 1} height={BAR_HEIGHT} fill="none" stroke={MUTED_INK} />
          </g>
        );
      })}
    </ChartFrame>
  );
}
