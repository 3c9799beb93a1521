import { MAX_ROWS } from "./protocol";

/** One row of a spreadsheet: its row number (header = 1) and its cells as text. */
export type TableRow = { rowNumber: number; cells: string[] };

/** One data row of an account file, cells trimmed; a blank optional cell is undefined. */
export type ParsedRow = {
  rowNumber: number;
  name: string;
  account: string;
  unitPath?: string;
  unitCode?: string;
  role?: string;
};

type ColumnKey = "name" | "account" | "unitPath" | "unitCode" | "role";

// Header names per column, in normalized form (see normalizeHeader). 帐号 is a common variant spelling.
const COLUMN_NAMES: Record<ColumnKey, string[]> = {
  name: ["姓名"],
  account: ["账号", "帐号"],
  unitPath: ["单位路径"],
  unitCode: ["单位编码"],
  role: ["角色"],
};

const COLUMN_LABELS: Record<ColumnKey, string> = { name: "姓名", account: "账号", unitPath: "单位路径", unitCode: "单位编码", role: "角色" };

export const EXPECTED_HEADER = "姓名、账号、单位路径（或单位编码）、角色（可省略）";

/** Header text compared loosely: width-folded, no spaces, without "*" or a "(必填)" style note. */
function normalizeHeader(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/\*/g, "")
    .replace(/\([^)]*\)$/, "");
}

function isBlank(row: TableRow): boolean {
  return row.cells.every((cell) => cell.trim() === "");
}

export type HeaderMatch = { ok: true; columns: Partial<Record<ColumnKey, number>> } | { ok: false; message: string; recognized: number };

/** Finds each known column in the header row; fails naming what is missing or repeated. */
export function matchHeader(header: TableRow): HeaderMatch {
  const columns: Partial<Record<ColumnKey, number>> = {};
  const repeated: string[] = [];
  header.cells.forEach((cell, index) => {
    const text = normalizeHeader(cell);
    const key = (Object.keys(COLUMN_NAMES) as ColumnKey[]).find((k) => COLUMN_NAMES[k].includes(text));
    if (!key) return;
    if (columns[key] !== undefined) repeated.push(`“${COLUMN_LABELS[key]}”`);
    else columns[key] = index;
  });
  const recognized = Object.keys(columns).length;
  const missing = (["name", "account"] as const).filter((key) => columns[key] === undefined).map((key) => `“${COLUMN_LABELS[key]}”`);
  if (columns.unitPath === undefined && columns.unitCode === undefined) missing.push("“单位路径”或“单位编码”");
  const where = `第 ${header.rowNumber} 行（表头）`;
  if (missing.length > 0) return { ok: false, recognized, message: `${where}缺少${missing.join("、")}列。表头应包含：${EXPECTED_HEADER}` };
  if (repeated.length > 0) return { ok: false, recognized, message: `${where}中${repeated.join("、")}列出现了不止一次` };
  return { ok: true, columns };
}

export type TableResult = { ok: true; rows: ParsedRow[] } | { ok: false; message: string; recognized: number };

/** Turns spreadsheet rows into account rows: the first non-empty row is the header; empty rows are skipped. */
export function readAccountTable(table: TableRow[]): TableResult {
  const nonEmpty = table.filter((row) => !isBlank(row));
  const [header, ...data] = nonEmpty;
  if (!header) return { ok: false, recognized: 0, message: "文件中没有内容" };
  const match = matchHeader(header);
  if (!match.ok) return match;
  if (data.length === 0) return { ok: false, recognized: Object.keys(match.columns).length, message: "文件中只有表头，没有要导入的账号" };
  if (data.length > MAX_ROWS) {
    return { ok: false, recognized: Object.keys(match.columns).length, message: `文件有 ${data.length} 行账号，一次最多导入 ${MAX_ROWS} 行，请拆分成几个文件分别导入` };
  }
  const { columns } = match;
  const cell = (row: TableRow, key: ColumnKey): string | undefined => {
    const index = columns[key];
    const value = index === undefined ? undefined : row.cells[index]?.trim();
    return value === "" ? undefined : value;
  };
  const rows = data.map((row) => ({
    rowNumber: row.rowNumber,
    name: cell(row, "name") ?? "",
    account: cell(row, "account") ?? "",
    unitPath: cell(row, "unitPath"),
    unitCode: cell(row, "unitCode"),
    role: cell(row, "role"),
  }));
  return { ok: true, rows };
}
