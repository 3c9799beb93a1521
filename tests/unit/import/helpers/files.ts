import ExcelJS from "exceljs";
import type { CellValue } from "exceljs";

let gbkTable: Map<string, number[]> | undefined;

/**
 * Encodes text as GBK the way Excel on Chinese Windows saves a CSV. Node has no GBK encoder, so the
 * table is built by decoding every two-byte GBK code with the platform's GB18030 decoder (GBK is
 * its two-byte part) and inverting it. ASCII stays one byte.
 */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder("gb18030");
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && char !== "\ufffd" && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkTable.get(char);
      if (!pair) throw new Error(`no GBK code for ${char}`);
      bytes.push(...pair);
    }
  }
  return new Uint8Array(bytes);
}

export function utf8(text: string, bom = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  return bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
}

/** An .xlsx file whose first worksheet holds these rows (row 1 first); undefined rows stay empty. */
export async function buildXlsx(rows: Array<CellValue[] | undefined>, extraSheet = false): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("账号");
  rows.forEach((row, i) => {
    if (row) sheet.getRow(i + 1).values = row;
  });
  if (extraSheet) workbook.addWorksheet("说明").addRow(["这张表不应被读取"]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
