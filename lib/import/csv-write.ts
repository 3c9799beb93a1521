// Used in the browser (the accounts download) and on the server (the template): no server imports.

const BOM = "\uFEFF";

/**
 * One CSV cell. Cells that a spreadsheet would run as a formula (leading = + - @, tab or CR) get a
 * leading apostrophe, so a name like "=HYPERLINK(…)" from an uploaded file stays text when opened.
 */
export function toCsvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV document with a UTF-8 BOM (so Excel opens it as UTF-8) and CRLF line ends. */
export function toCsv(rows: string[][]): string {
  return BOM + rows.map((row) => row.map(toCsvCell).join(",")).join("\r\n") + "\r\n";
}
