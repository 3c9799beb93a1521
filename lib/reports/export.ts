import "server-only";
import { writeAudit } from "../audit";
import type { SessionUser } from "../auth/session";
import type { PeopleQuery } from "../schemas/reports";
import { getChinaDay } from "../china-time";
import { createCsvStream, type CsvCell } from "./csv";
import { getDashboard, type Dashboard, type Figures } from "./dashboard";
import { iteratePeople, type Cell, type PersonRow } from "./people";
import { createXlsxStream, type XlsxCell, type XlsxColumn } from "./xlsx";
import { personStateText } from "../schemas/reports";

export type ExportRequest = Omit<PeopleQuery, "page"> & { format: "csv" | "xlsx"; view: "rollup" | "people" };
export type ExportFile = { body: ReadableStream<Uint8Array>; fileName: string; contentType: string };

const ROLLUP_COLUMNS: XlsxColumn[] = [
  { header: "单位", width: 28 },
  { header: "应学人数", width: 10, format: "count" },
  { header: "已完成", width: 10, format: "count" },
  { header: "完成率", width: 10, format: "percent" },
  { header: "进行中", width: 10, format: "count" },
  { header: "未开始", width: 10, format: "count" },
  { header: "已逾期", width: 10, format: "count" },
];

/** Completion as a fraction (the XLSX cell shows it with "0.0%"); null when nobody is counted. */
function rate(count: number, total: number): number | null {
  return total > 0 ? count / total : null;
}

function rollupRow(name: string, f: Figures): XlsxCell[] {
  return [name, f.headcount, f.completed, rate(f.completed, f.headcount), f.inProgress, f.notStarted, f.overdue];
}

/** A roll-up row as CSV text: the rate as "50.0%" and "—" where there is no figure, as before. */
function rollupCsvRow(cells: XlsxCell[]): CsvCell[] {
  return cells.map((cell, i) => {
    if (cell === null) return "—";
    return ROLLUP_COLUMNS[i]?.format === "percent" && typeof cell === "number" ? `${(cell * 100).toFixed(1)}%` : cell;
  });
}

/** The roll-up as rows: the whole subtree first, then the unit's own members, then each sub-unit. */
function rollupRows(dashboard: Dashboard): XlsxCell[][] {
  return [
    rollupRow(`${dashboard.unit.name}（合计）`, dashboard.figures),
    ...(dashboard.direct ? [rollupRow(`${dashboard.unit.name}（本级直属）`, dashboard.direct)] : []),
    ...dashboard.subUnits.map((s) => rollupRow(s.name, s.figures)),
  ];
}

function cellText(cell: Cell): string {
  if (cell.state === "done") return `已完成 ${cell.completedAt ? getChinaDay(cell.completedAt) : ""}（${cell.activeMinutes} 分钟）`;
  // A completion that predates a revision, with the new paragraphs unread: said as plainly as in the grid.
  if (cell.state === "updated") {
    return `内容已更新·待重读 ${cell.percent}%（原完成 ${cell.completedAt ? getChinaDay(cell.completedAt) : ""}，${cell.activeMinutes} 分钟）`;
  }
  if (cell.state === "reading") return `在读 ${cell.percent}%（${cell.activeMinutes} 分钟）`;
  return "未读";
}

function peopleColumns(dashboard: Dashboard): XlsxColumn[] {
  return [
    { header: "姓名", width: 12 },
    { header: "账号", width: 14 },
    { header: "单位", width: 24 },
    { header: "状态", width: 8 },
    { header: "已完成节数", width: 10, format: "count" },
    { header: "完成时间", width: 18 },
    { header: "有效阅读（分钟）", width: 14, format: "minutes" },
    ...dashboard.sections.map((s) => ({ header: s.title.split(" · ")[0] ?? s.title, width: 22 })),
  ];
}

async function* peopleRows(actor: SessionUser, query: PeopleQuery): AsyncGenerator<CsvCell[]> {
  for await (const row of iteratePeople(actor, query)) yield personRow(row);
}

function personRow(row: PersonRow): CsvCell[] {
  return [row.name, row.account, row.unitName, personStateText(row), row.sectionsCompleted, row.completedAt, row.activeMinutes, ...row.cells.map(cellText)];
}

function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 80);
}

/**
 * An export of the current view, streamed (the grid is read 500 readers at a time), and written to
 * the audit log. Null when the unit or material is not found or outside the actor's scope.
 */
export async function createProgressExport(actor: SessionUser, request: ExportRequest, ip: string, now = new Date()): Promise<ExportFile | null> {
  const dashboard = await getDashboard(actor, request.unit, request.material, now);
  if (!dashboard) return null;
  const query: PeopleQuery = { ...request, page: 1 };
  await writeAudit({
    action: "report.export",
    actor,
    targetType: "unit",
    targetId: dashboard.unit.id,
    ip,
    detail: { material: request.material, format: request.format, view: request.view, state: request.state ?? null },
  });
  const baseName = safeFileName(`${dashboard.unit.name}_${dashboard.material.title}_学习情况_${getChinaDay(now)}`);
  if (request.format === "csv") {
    const header = request.view === "rollup" ? ROLLUP_COLUMNS.map((c) => c.header) : peopleColumns(dashboard).map((c) => c.header);
    const body = request.view === "rollup" ? [header, ...rollupRows(dashboard).map(rollupCsvRow)] : prepend(header, peopleRows(actor, query));
    return { body: createCsvStream(body), fileName: `${baseName}.csv`, contentType: "text/csv; charset=utf-8" };
  }
  const body = createXlsxStream({
    title: `${dashboard.unit.name} · 《${dashboard.material.title}》学习完成情况`,
    exportedAt: now,
    creator: "学习园地",
    sheets: [
      { name: "汇总", columns: ROLLUP_COLUMNS, rows: rollupRows(dashboard) },
      { name: "人员明细", columns: peopleColumns(dashboard), rows: peopleRows(actor, query) as AsyncIterable<Array<string | number | null | Date>> },
    ],
  });
  return { body, fileName: `${baseName}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
}

async function* prepend(first: CsvCell[], rest: AsyncIterable<CsvCell[]>): AsyncGenerator<CsvCell[]> {
  yield first;
  yield* rest;
}
