import ExcelJS from "exceljs";
import type { CellValue } from "exceljs";
import yauzl from "yauzl";
import type { TableRow } from "./table";

/** Total uncompressed size an .xlsx may unpack to: far above any 20,000-row sheet, far below a zip bomb. */
const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

const UNREADABLE = "无法读取 XLSX 文件，请确认文件没有损坏";
const TOO_LARGE = "XLSX 文件解压后过大，请删除多余的工作表或内容后重试";

export class XlsxReadError extends Error {
  /** "too-large" when the archive inflates past the limit, so other ZIP formats can word it their own way. */
  constructor(
    message: string,
    readonly reason: "unreadable" | "too-large" = message === TOO_LARGE ? "too-large" : "unreadable",
  ) {
    super(message);
  }
}

/**
 * Sums the uncompressed sizes listed in a ZIP's central directory, or returns null when the
 * directory cannot be read (not a ZIP) or uses ZIP64 (never needed by a 5 MB spreadsheet).
 */
export function getUnzippedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minEnd = Math.max(0, bytes.length - 22 - 0xffff);
  for (let end = bytes.length - 22; end >= minEnd; end--) {
    if (view.getUint32(end, true) !== 0x06054b50) continue;
    const entries = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
      const size = view.getUint32(offset + 24, true);
      if (size === 0xffffffff) return null;
      total += size;
      offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    }
    return total;
  }
  return null;
}

/**
 * Inflates every entry of the archive and counts the bytes that actually come out, stopping at
 * `limit`: the sizes written in the archive are the sender's word, and a forged one (a 600 MB sheet
 * that claims 1,000 bytes) would otherwise be inflated whole by the reader below. Nothing inflated
 * is kept. yauzl also refuses an entry that inflates to more than its own size field says.
 */
export function checkInflatedSize(bytes: Uint8Array, limit = MAX_UNZIPPED_BYTES): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) => {
    let total = 0;
    let settled = false;
    const finish = (error?: XlsxReadError) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return finish(new XlsxReadError(UNREADABLE));
      zip.on("error", () => finish(new XlsxReadError(UNREADABLE)));
      zip.on("end", () => finish());
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return finish(new XlsxReadError(UNREADABLE));
          stream.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > limit) {
              stream.destroy();
              finish(new XlsxReadError(TOO_LARGE));
            }
          });
          // An entry inflating past its own size field is a forged archive: say so as for any other bomb.
          stream.on("error", (error) => finish(new XlsxReadError(/too many bytes/i.test(error.message) ? TOO_LARGE : UNREADABLE)));
          stream.on("end", () => {
            if (!settled) zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

function stringifyNumber(value: number): string {
  // Integers beyond 2^53 (an 18-digit ID typed as a number) have already lost digits in Excel: show
  // them in scientific notation so that validation reports them instead of importing a wrong account.
  return Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : value.toExponential();
}

/** A cell's value as the text a person sees in it. */
export function stringifyCell(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return stringifyNumber(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("hyperlink" in value) return stringifyCell(value.text as CellValue);
  if ("formula" in value || "sharedFormula" in value) return value.result === undefined ? "" : stringifyCell(value.result);
  return ""; // an error cell (#N/A…)
}

/** The rows of the first worksheet of an .xlsx file, with their spreadsheet row numbers. */
export async function readXlsxRows(bytes: Uint8Array): Promise<TableRow[]> {
  // The sizes the archive declares first (cheap, refuses an honest bomb at once), then the real ones.
  const unzipped = getUnzippedSize(bytes);
  if (unzipped === null) throw new XlsxReadError(UNREADABLE);
  if (unzipped > MAX_UNZIPPED_BYTES) throw new XlsxReadError(TOO_LARGE);
  await checkInflatedSize(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; at run time it hands it to JSZip, which takes either.
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch (error) {
    console.warn("[import] xlsx could not be read:", (error as Error).message);
    throw new XlsxReadError("无法读取 XLSX 文件，请确认文件没有损坏，或另存为 UTF-8 编码的 CSV 后重试");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = stringifyCell(cell.value);
    });
    rows.push({ rowNumber, cells: Array.from(cells, (cell) => cell ?? "") });
  });
  return rows;
}
