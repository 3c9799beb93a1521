import { parse as parseCsv } from "csv-parse/sync";
import { decodeCsvBytes } from "./decode";
import { MAX_FILE_BYTES, MAX_FILE_LABEL } from "./protocol";
import { readAccountTable, type ParsedRow, type TableRow } from "./table";
import { XlsxReadError, readXlsxRows } from "./xlsx";

export type { ParsedRow } from "./table";

export type ParseResult = { ok: true; rows: ParsedRow[]; format: "csv" | "xlsx"; encoding?: string } | { ok: false; message: string };

const SAVE_AS_HINT = "请将文件另存为 UTF-8 编码的 CSV 或 XLSX 后重试";

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** The delimiter of the header line: Excel writes "," (tab for 文本文件, ";" in some locales). */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const counts = [",", "\t", ";"].map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ",";
}

/** CSV text as rows. Every record, empty lines included, is one spreadsheet row, so numbers match Excel's. */
function readCsvRows(text: string): TableRow[] | { message: string } {
  try {
    const records = parseCsv(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    return records.map((cells, index) => ({ rowNumber: index + 1, cells }));
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    console.warn("[import] csv could not be parsed:", (error as Error).message);
    return { message: `CSV 文件格式有误${typeof line === "number" ? `（第 ${line} 行附近）` : ""}：请检查引号是否成对，或${SAVE_AS_HINT}` };
  }
}

async function parseCsvFile(bytes: Uint8Array): Promise<ParseResult> {
  for (const decoded of decodeCsvBytes(bytes)) {
    const rows = readCsvRows(decoded.text);
    if ("message" in rows) return { ok: false, message: rows.message };
    const table = readAccountTable(rows);
    if (table.ok) return { ok: true, rows: table.rows, format: "csv", encoding: decoded.encoding };
    // A GBK guess that yields no known column at all was the wrong guess: say so rather than "缺少姓名列".
    if (decoded.encoding === "gb18030" && table.recognized === 0) return { ok: false, message: `无法识别文件的文字编码。${SAVE_AS_HINT}` };
    return { ok: false, message: table.message };
  }
  return { ok: false, message: `无法识别文件的文字编码。${SAVE_AS_HINT}` };
}

async function parseXlsxFile(bytes: Uint8Array): Promise<ParseResult> {
  try {
    const table = readAccountTable(await readXlsxRows(bytes));
    return table.ok ? { ok: true, rows: table.rows, format: "xlsx" } : { ok: false, message: table.message };
  } catch (error) {
    if (error instanceof XlsxReadError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * Reads an account file (CSV in UTF-8, UTF-16 or GBK, or XLSX) into rows with their spreadsheet row
 * numbers, or a Chinese message saying why the file as a whole cannot be used. Checks the columns
 * and the limits, not the values: that is validate.ts's job.
 */
export async function parseAccountFile(bytes: Uint8Array, fileName: string): Promise<ParseResult> {
  if (bytes.length === 0) return { ok: false, message: "文件是空的" };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, message: `文件不能超过 ${MAX_FILE_LABEL}，请拆分成几个文件分别导入` };
  const name = fileName.toLowerCase();
  // The content decides, not the name: a renamed file still reads correctly or fails with a clear reason.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return parseXlsxFile(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { ok: false, message: `不支持旧版 Excel（.xls）文件。${SAVE_AS_HINT}` };
  if (name.endsWith(".xlsx")) return { ok: false, message: "无法读取 XLSX 文件，请确认文件没有损坏，或另存为 UTF-8 编码的 CSV 后重试" };
  if (!name.endsWith(".csv")) return { ok: false, message: "只支持 .csv 或 .xlsx 文件" };
  return parseCsvFile(bytes);
}
