import "server-only";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { formatChinaDateTime, getChinaWallClock } from "../china-time";
import { neutralizeFormula } from "./csv";

/**
 * A column's number format: "percent" holds a fraction (0.5) shown as "50.0%", "count" and
 * "minutes" whole numbers, "hours" 学时 with one decimal (0.5 steps). Cells stay numbers, so Excel can sort, sum and chart them.
 */
export type XlsxNumberFormat = "percent" | "count" | "minutes" | "hours";
export type XlsxColumn = { header: string; width: number; format?: XlsxNumberFormat };
export type XlsxCell = string | number | null | Date;
export type XlsxSheet = { name: string; columns: XlsxColumn[]; rows: AsyncIterable<XlsxCell[]> | Iterable<XlsxCell[]> };

const DATE_FORMAT = "yyyy-mm-dd hh:mm";
const NUMBER_FORMATS: Record<XlsxNumberFormat, string> = { percent: "0.0%", count: "0", minutes: "0", hours: "0.0" };
/** Rows written between checks that the download keeps up (see waitForConsumer). */
const ROWS_PER_CHECK = 256;

/**
 * An Excel sheet name: at most 31 characters, none of []:*?/\, not starting or ending with an
 * apostrophe, not blank, not the reserved "History", and unique in the workbook (case-insensitive).
 */
export function sanitizeSheetName(name: string, taken: Set<string> = new Set()): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, "_").replace(/^'+|'+$/g, "").trim();
  const base = cleaned === "" || cleaned.toLowerCase() === "history" ? `${cleaned || "工作表"}_` : cleaned;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : `(${n})`;
    // Slice by code points so a character outside the BMP is never cut in half.
    let head = "";
    for (const ch of base) {
      if (head.length + ch.length + suffix.length > 31) break;
      head += ch;
    }
    const candidate = head + suffix;
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

/**
 * Excel dates carry no time zone and exceljs stores a Date by its UTC fields, so a Date is shifted to
 * its Beijing wall-clock time: the cell then shows the same "2026-11-29 20:00" as the CSV export.
 */
function toShanghaiExcelDate(date: Date): Date {
  const t = getChinaWallClock(date);
  return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute));
}

function toCellValue(cell: XlsxCell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : toShanghaiExcelDate(cell);
  // exceljs writes strings as strings, so Excel itself never runs them; but a user who re-saves the
  // sheet as CSV gets "=…" back as a live formula. Same rule as the CSV export, for consistency.
  return neutralizeFormula(cell);
}

/** Resolves when the consumer has taken what is buffered, or at once if the stream is gone. */
function waitForConsumer(out: PassThrough): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.on("drain", done);
    out.on("close", done);
  });
}

/** Text inside a header or footer: "&" starts a format code there, so a literal one is doubled. */
function escapeHeaderText(text: string, max: number): string {
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
  return cut.replace(/&/g, "&&");
}

/**
 * How a sheet prints (administrators print the exports for meetings): A4 landscape, all columns on
 * one page wide and as many pages tall as needed, the header row (row 2) repeated on every page, the
 * title left and the export time right in the page header, "第 1 页，共 3 页" in the footer.
 */
function printSetup(title: string, exportedAt: string | null): Pick<Partial<ExcelJS.AddWorksheetOptions>, "pageSetup" | "headerFooter"> {
  // Excel limits a header to 255 characters including its codes.
  const left = `&L&"-,Bold"${escapeHeaderText(title, 120)}`;
  const right = exportedAt ? `&R导出时间 ${escapeHeaderText(exportedAt, 40)}` : "";
  const footer = "&C第 &P 页，共 &N 页";
  return {
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "2:2",
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 },
    },
    headerFooter: { oddHeader: left + right, oddFooter: footer },
  };
}

type SheetContext = { workbook: ExcelJS.stream.xlsx.WorkbookWriter; out: PassThrough; title: string; exportedAt: string | null; name: string };

async function writeSheet({ workbook, out, title, exportedAt, name }: SheetContext, sheet: XlsxSheet): Promise<void> {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 2 }], ...printSetup(title, exportedAt) });
  worksheet.columns = sheet.columns.map((column) => ({ width: column.width }));
  const span = Math.max(1, sheet.columns.length);

  const formats = sheet.columns.map((column) => (column.format ? NUMBER_FORMATS[column.format] : null));
  const titleRow = worksheet.addRow([neutralizeFormula(exportedAt ? `${title} · 导出时间 ${exportedAt}` : title)]);
  titleRow.font = { bold: true, size: 14 };
  if (span > 1) worksheet.mergeCells(1, 1, 1, span);
  titleRow.commit();
  const headerRow = worksheet.addRow(sheet.columns.map((column) => neutralizeFormula(column.header)));
  headerRow.font = { bold: true };
  headerRow.commit();

  let count = 0;
  for await (const cells of sheet.rows) {
    if (out.destroyed) break; // the download was cancelled: `break` also closes the row iterator
    const row = worksheet.addRow(cells.map(toCellValue));
    cells.forEach((cell, i) => {
      if (cell instanceof Date) row.getCell(i + 1).numFmt = DATE_FORMAT;
      else if (typeof cell === "number" && formats[i]) row.getCell(i + 1).numFmt = formats[i]!;
    });
    row.commit();
    // Rows come faster than zip + download can take them; pausing here keeps memory bounded.
    if (++count % ROWS_PER_CHECK === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await waitForConsumer(out);
    }
  }
  worksheet.commit();
}

/**
 * Streams a workbook: each sheet has a title row (merged across the columns, bold, e.g.
 * "县委组织部 · 学习完成情况 · 导出时间 2026-11-29 20:00"), then the header row (bold, frozen: the
 * view freezes through the header row), then data rows; column widths set. Rows are written and
 * committed as they arrive; an error from a row iterator (or exceljs) errors the returned stream.
 * With `exportedAt`, the title row ends in " · 导出时间 …" (China time) and the printed page header
 * shows it; every sheet prints landscape, one page wide, the header row on each page (printSetup).
 */
export function createXlsxStream(input: { title: string; sheets: XlsxSheet[]; creator?: string; exportedAt?: Date }): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = input.creator ?? "学习园地";
  workbook.created = new Date();
  const exportedAt = input.exportedAt ? formatChinaDateTime(input.exportedAt) : null;

  const write = async () => {
    const taken = new Set<string>();
    for (const sheet of input.sheets) {
      if (out.destroyed) return;
      await writeSheet({ workbook, out, title: input.title, exportedAt, name: sanitizeSheetName(sheet.name, taken) }, sheet);
    }
    if (!out.destroyed) await workbook.commit();
  };
  // Every failure ends up as the stream's error (never an unhandled rejection).
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
