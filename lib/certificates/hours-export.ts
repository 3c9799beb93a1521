import "server-only";
import { writeAudit } from "../audit";
import type { SessionUser } from "../auth/session";
import { getChinaDay } from "../china-time";
import { getReportUnit } from "../reports/scope";
import { createCsvStream, type CsvCell } from "../reports/csv";
import type { ExportFile } from "../reports/export";
import { createXlsxStream, type XlsxColumn } from "../reports/xlsx";
import type { HoursExportQuery } from "../schemas/reports";
import { listHoursRows, type HoursRow } from "./hours";

const COLUMNS: XlsxColumn[] = [
  { header: "姓名", width: 12 },
  { header: "账号", width: 14 },
  { header: "单位", width: 32 },
  { header: "年度", width: 8, format: "count" },
  { header: "完成材料数", width: 10, format: "count" },
  { header: "学时", width: 8, format: "hours" },
  { header: "完成的材料", width: 48 },
  { header: "账号状态", width: 10 },
];

function toCells(row: HoursRow): CsvCell[] {
  return [row.name, row.account, row.unitPath, row.year, row.materials.length, row.hours, row.materials.map((t) => `《${t}》`).join("；"), row.disabled ? "已停用" : "正常"];
}

async function* cells(rows: AsyncIterable<HoursRow>): AsyncGenerator<Array<string | number | null>> {
  for await (const row of rows) yield toCells(row) as Array<string | number | null>;
}

async function* withHeader(rows: AsyncIterable<HoursRow>): AsyncGenerator<CsvCell[]> {
  yield COLUMNS.map((c) => c.header);
  yield* cells(rows);
}

function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 80);
}

/**
 * 年度学时统计 (person × year, with unit path) of a unit's subtree as CSV or XLSX, streamed, and
 * written to the audit log. Null when the unit is outside the actor's scope or does not exist.
 */
export async function createHoursExport(actor: SessionUser, query: HoursExportQuery, ip: string, now = new Date()): Promise<ExportFile | null> {
  const unit = await getReportUnit(actor, query.unit);
  const rows = unit ? await listHoursRows(actor, unit.id, query.year) : null;
  if (!unit || !rows) return null;
  await writeAudit({ action: "report.hours_export", actor, targetType: "unit", targetId: unit.id, ip, detail: { format: query.format, year: query.year ?? null } });
  const baseName = safeFileName(`${unit.name}_${query.year ? `${query.year}年` : ""}年度学时统计_${getChinaDay(now)}`);
  if (query.format === "csv") return { body: createCsvStream(withHeader(rows)), fileName: `${baseName}.csv`, contentType: "text/csv; charset=utf-8" };
  const body = createXlsxStream({
    title: `${unit.name} · ${query.year ? `${query.year} 年` : ""}年度学时统计`,
    exportedAt: now,
    creator: "学习园地",
    sheets: [{ name: "年度学时", columns: COLUMNS, rows: cells(rows) }],
  });
  return { body, fileName: `${baseName}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
}
