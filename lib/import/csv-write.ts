// Used in the browser (the accounts download) and on the server (the template): no server imports.
import { formatCsvRow } from "../reports/csv";

const BOM = "\uFEFF";

/**
 * One CSV cell, by the reports' rule (lib/reports/csv.ts): cells that a spreadsheet would run as a
 * formula (leading = + - @, tab or CR) get a leading apostrophe, so a name like "=HYPERLINK(…)" from
 * an uploaded file stays text when opened; RFC 4180 quoting.
 */
export function toCsvCell(value: string): string {
  return formatCsvRow([value]);
}

/** A CSV document with a UTF-8 BOM (so Excel opens it as UTF-8) and CRLF line ends. */
export function toCsv(rows: string[][]): string {
  return BOM + rows.map((row) => formatCsvRow(row)).join("\r\n") + "\r\n";
}
