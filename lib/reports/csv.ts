// Report exports as CSV. Web streams only (no node: imports), so a route handler can return the stream.
import { formatChinaDateTime } from "../china-time";

export type CsvCell = string | number | null | undefined | Date;

const BOM = "\uFEFF";
const CRLF = "\r\n";
/** Rows are joined into chunks of about this many characters before they are encoded and enqueued. */
const CHUNK_CHARS = 16_384;

/**
 * Text that a spreadsheet would run as a formula (leading = + - @, tab or CR) gets a leading
 * apostrophe, so a unit or person named "=HYPERLINK(…)" stays text when the export is opened. The
 * rule the import module's CSV writer (lib/import/csv-write.ts) uses. Numbers are never text here.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function formatCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = cell instanceof Date ? formatChinaDateTime(cell) : neutralizeFormula(cell);
  // RFC 4180: quote a field holding a quote, comma or line break, doubling inner quotes.
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record (RFC 4180 quoting, formula-safe text, Beijing-time dates), without its line end. */
export function formatCsvRow(cells: CsvCell[]): string {
  return cells.map(formatCsvCell).join(",");
}

function openIterator<T>(source: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}

/**
 * A streaming CSV (UTF-8 with BOM so Excel opens Chinese correctly, CRLF line ends, RFC 4180 quoting).
 * Rows are pulled only when the consumer wants more (about one chunk ahead), so a slow download never
 * makes the server hold the whole export; an error from the rows errors the stream, and cancelling
 * the stream closes the row iterator (its `finally` blocks run, e.g. a database cursor is released).
 */
export function createCsvStream(rows: AsyncIterable<CsvCell[]> | Iterable<CsvCell[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<CsvCell[]> | Iterator<CsvCell[]> | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= openIterator(rows);
      let text = started ? "" : BOM;
      started = true;
      while (text.length < CHUNK_CHARS) {
        const next = await iterator.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += formatCsvRow(next.value) + CRLF;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel(reason) {
      await iterator?.return?.(reason);
    },
  });
}
