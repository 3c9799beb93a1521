import type { JSX, ReactNode } from "react";

/**
 * Shared pieces of the report charts. The charts are plain server-rendered SVG: no client script and
 * no chart library. Geometry is in viewBox units; the SVG scales to its container (width 100%), and
 * CHART_WIDTH is chosen so 13-unit text stays about 11 px on a 375 px phone.
 */
export const CHART_WIDTH = 400;
/** Colours that stay dark on white paper and in greyscale; every value is also written as text. */
export const INK = "#1c1917"; // stone-900: text, axes
export const MUTED_INK = "#57534e"; // stone-600: guides, secondary text
export const BAR_FILL = "#991b1b"; // red-800, the portal's colour; prints as a dark grey
export const TRACK_FILL = "#f5f5f4"; // stone-100, always drawn with a dark outline
export const FONT_SIZE = 13;

/** "37/120（30.8%）": a rate always with its denominator; "—" instead of a rate when there is none. */
export function formatRate(count: number, total: number): string {
  return `${formatCount(count)}/${formatCount(total)}（${formatPercent(count, total)}）`;
}

/** "30.8%", or "—" when the denominator is 0 (or not a number). */
export function formatPercent(count: number, total: number): string {
  if (!Number.isFinite(count) || !Number.isFinite(total) || total <= 0) return "—";
  return `${((count / total) * 100).toFixed(1)}%`;
}

function formatCount(n: number): string {
  return Number.isFinite(n) ? String(n) : "—";
}

/** A coordinate rounded to 0.1 unit: finer than any screen or printer shows, and shorter HTML. */
export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** count/total clamped to 0..1 for drawing; 0 when there is no denominator. */
export function barRatio(count: number, total: number): number {
  if (!Number.isFinite(count) || !Number.isFinite(total) || total <= 0 || count <= 0) return 0;
  return Math.min(1, count / total);
}

/**
 * Shortens a label to about maxEm em (CJK and full-width characters 1 em, others ~0.6 em), since
 * SVG text cannot wrap. The full label is in the data table and in the bar's <title>.
 */
export function fitLabel(label: string, maxEm: number): string {
  const em = (ch: string) => (/[\u2E80-\uFFEF]/.test(ch) ? 1 : 0.6);
  const chars = Array.from(label);
  if (chars.reduce((sum, ch) => sum + em(ch), 0) <= maxEm) return label;
  let width = 1; // room for the ellipsis
  let out = "";
  for (const ch of chars) {
    width += em(ch);
    if (width > maxEm) break;
    out += ch;
  }
  return `${out}…`;
}

export type ChartTableData = {
  columns: string[];
  /** The first cell of each row is its header (the day, section or unit). */
  rows: { key: string; cells: string[] }[];
};

type ChartFrameProps = {
  title: string;
  /** One or two sentences saying what the chart shows; shown under the title and used as <desc>. */
  summary: string;
  height: number;
  table: ChartTableData;
  /** The SVG content, drawn in a CHART_WIDTH × height viewBox. */
  children: ReactNode;
};

function hashTitle(title: string): string {
  let hash = 0x811c9dc5;
  for (const char of title) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  return hash.toString(36);
}

/** A chart as a figure: caption, an SVG image named by its title and summary, and its data as a table. */
export function ChartFrame({ title, summary, height, table, children }: ChartFrameProps): JSX.Element {
  // Ids from the title, not useId: charts are also rendered outside React (static-markup.tsx), and
  // each chart on a page has its own title.
  const id = `chart-${hashTitle(title)}`;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <figure className="rounded-lg border border-stone-200 bg-white p-4 print:break-inside-avoid print:border-stone-400">
      <figcaption>
        <span className="block font-bold leading-snug">{title}</span>
        <span className="mt-1 block text-sm text-stone-700 print:text-black">{summary}</span>
      </figcaption>
      <svg
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        viewBox={`0 0 ${CHART_WIDTH} ${height}`}
        preserveAspectRatio="xMinYMin meet"
        className="mt-3 block h-auto w-full max-w-xl"
        fontSize={FONT_SIZE}
        fill={INK}
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary}</desc>
        {children}
      </svg>
      {/*
        The data behind the chart, once: read by screen readers and printed under the chart, hidden
        on screen where the chart shows the same numbers as text.
      */}
      <div className="sr-only print:not-sr-only print:mt-3">
        <DataTable title={title} table={table} />
      </div>
    </figure>
  );
}

function DataTable({ title, table }: { title: string; table: ChartTableData }) {
  return (
    <table className="report-table w-full border-collapse text-sm">
      <caption className="sr-only">{title}数据表</caption>
      <thead>
        <tr>
          {table.columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i}>{cell}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A chart with nothing to draw: its caption and a short message, no empty SVG. */
export function ChartEmpty({ title }: { title: string }): JSX.Element {
  return (
    <figure className="rounded-lg border border-stone-200 bg-white p-4 print:break-inside-avoid">
      <figcaption className="font-bold leading-snug">{title}</figcaption>
      <p className="mt-2 text-stone-600 print:text-black">暂无数据</p>
    </figure>
  );
}
