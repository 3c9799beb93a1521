import type { JSX } from "react";
import { BAR_FILL, CHART_WIDTH, ChartEmpty, ChartFrame, formatPercent, formatRate, INK, MUTED_INK, round1 } from "./chart-frame";

/** Cumulative completers of a material in a unit's subtree by the end of each day. */
export type CompletionPoint = { day: string /* YYYY-MM-DD */; completed: number };

const HEIGHT = 240;
const PLOT = { left: 44, right: CHART_WIDTH - 12, top: 26, bottom: HEIGHT - 30 };
const MAX_X_LABELS = 6;
const DAY_MS = 86_400_000;
// A white outline behind text keeps it readable where it crosses a line, on screen and on paper.
const HALO = { paintOrder: "stroke", stroke: "#fff", strokeWidth: 3, strokeLinejoin: "round" } as const;

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

/** Evenly spaced days across the range, at most MAX_X_LABELS, so their labels never overlap. */
function tickDays(first: number, last: number): number[] {
  const span = last - first;
  const count = Math.min(span + 1, MAX_X_LABELS);
  if (count <= 1) return [first];
  return Array.from({ length: count }, (_, k) => first + Math.round((k * span) / (count - 1)));
}

function formatDay(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A step line of cumulative completers against days, with the y axis from 0 to the headcount, a
 * dashed guide at the headcount and a marker at the due date when it falls inside the range.
 */
export function CompletionOverTimeChart(props: { title: string; points: CompletionPoint[]; headcount: number; dueDate?: string | null }): JSX.Element {
  const { title, headcount, dueDate } = props;
  const points = props.points
    .map((p) => ({ ...p, n: dayNumber(p.day) }))
    .filter((p) => Number.isFinite(p.n))
    .sort((a, b) => a.n - b.n);
  if (points.length === 0) return <ChartEmpty title={title} />;

  const first = points[0]!;
  const last = points[points.length - 1]!;
  const span = last.n - first.n;
  const yMax = Math.max(headcount, ...points.map((p) => p.completed), 1);
  const x = (n: number) => round1(span === 0 ? (PLOT.left + PLOT.right) / 2 : PLOT.left + ((n - first.n) / span) * (PLOT.right - PLOT.left));
  const y = (v: number) => round1(PLOT.bottom - (Math.max(0, v) / yMax) * (PLOT.bottom - PLOT.top));

  // Step after each day: the count holds until the next day's value.
  const path = points
    .map((p, i) => (i === 0 ? `M${x(p.n)},${y(p.completed)}` : `H${x(p.n)}` + (p.completed === points[i - 1]!.completed ? "" : `V${y(p.completed)}`)))
    .join("");
  const due = dueDate ? dayNumber(dueDate) : NaN;
  const dueInside = Number.isFinite(due) && due >= first.n && due <= last.n;
  const ticks = tickDays(first.n, last.n);
  const lastY = y(last.completed);
  const lastRate = formatRate(last.completed, headcount);

  const summary = `应学 ${headcount} 人；截至 ${last.day} 累计完成 ${lastRate}${dueDate ? `；截止日期 ${dueDate}` : ""}。`;
  const table = {
    columns: ["日期", "累计完成", "应学人数", "完成率"],
    rows: points.map((p, i) => ({ key: `${i}-${p.day}`, cells: [p.day, String(p.completed), String(headcount), formatPercent(p.completed, headcount)] })),
  };
  const anchor = (px: number) => (px < PLOT.left + 30 ? "start" : px > PLOT.right - 30 ? "end" : "middle");

  return (
    <ChartFrame title={title} summary={summary} height={HEIGHT} table={table}>
      <g stroke={INK} strokeWidth={1}>
        <line x1={PLOT.left} y1={PLOT.top} x2={PLOT.left} y2={PLOT.bottom} />
        <line x1={PLOT.left} y1={PLOT.bottom} x2={PLOT.right} y2={PLOT.bottom} />
      </g>
      <g fontSize={12} textAnchor="end" className="tabular-nums">
        {[...new Set([0, Math.round(yMax / 2), yMax])].map((v) => (
          <text key={v} x={PLOT.left - 6} y={y(v) + 4}>
            {v}
          </text>
        ))}
      </g>
      {headcount > 0 && (
        <g>
          <line x1={PLOT.left} y1={y(headcount)} x2={PLOT.right} y2={y(headcount)} stroke={MUTED_INK} strokeDasharray="6 4" />
          <text x={PLOT.left + 4} y={y(headcount) + 15} fontSize={12} {...HALO}>{`应学 ${headcount} 人`}</text>
        </g>
      )}
      {dueInside && (
        <g>
          <line x1={x(due)} y1={PLOT.top - 4} x2={x(due)} y2={PLOT.bottom} stroke={INK} strokeDasharray="2 3" strokeWidth={1.5} />
          <text x={x(due)} y={14} fontSize={12} textAnchor={anchor(x(due))}>{`截止 ${dueDate!.slice(5)}`}</text>
        </g>
      )}
      <path d={path} fill="none" stroke={BAR_FILL} strokeWidth={2.5} strokeLinejoin="round" />
      <circle cx={x(last.n)} cy={lastY} r={3.5} fill={BAR_FILL} stroke={INK} />
      <text x={x(last.n)} y={lastY - PLOT.top < 24 ? lastY + 18 : lastY - 8} textAnchor={anchor(x(last.n))} fontSize={12} className="tabular-nums" {...HALO}>
        {lastRate}
      </text>
      <g fontSize={12} className="tabular-nums">
        {ticks.map((n) => (
          <text key={n} x={x(n)} y={PLOT.bottom + 18} textAnchor={span === 0 ? "middle" : anchor(x(n))}>
            {formatDay(n).slice(5)}
          </text>
        ))}
      </g>
    </ChartFrame>
  );
}
