import { describe, expect, it } from "vitest";
import { parseAccountFile, type ParseResult } from "@/lib/import/parse";
import { MAX_FILE_BYTES, MAX_ROWS } from "@/lib/import/protocol";
import { getUnzippedSize } from "@/lib/import/xlsx";
import { buildXlsx, encodeGbk, utf8 } from "./helpers/files";

const CSV = ["姓名,账号,单位路径,单位编码,角色", "张三,13800000001,示范县委/县委组织部,,", " 李四 ,lisi,,ZZB,单位管理员", "", "王五,wangwu,示范县委 / 县委宣传部,XCB,学员"].join("\r\n") + "\r\n";

function rowsOf(result: ParseResult) {
  if (!result.ok) throw new Error(`expected rows, got: ${result.message}`);
  return result.rows;
}

function messageOf(result: ParseResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${result.rows.length} rows`);
  return result.message;
}

describe("parseAccountFile: CSV", () => {
  it("reads UTF-8 without BOM, with spreadsheet row numbers, trimmed cells and empty rows skipped", async () => {
    const rows = rowsOf(await parseAccountFile(utf8(CSV), "accounts.csv"));
    expect(rows).toEqual([
      { rowNumber: 2, name: "张三", account: "13800000001", unitPath: "示范县委/县委组织部", unitCode: undefined, role: undefined },
      { rowNumber: 3, name: "李四", account: "lisi", unitPath: undefined, unitCode: "ZZB", role: "单位管理员" },
      { rowNumber: 5, name: "王五", account: "wangwu", unitPath: "示范县委 / 县委宣传部", unitCode: "XCB", role: "学员" },
    ]);
  });

  it("reads UTF-8 with a BOM the same way (the BOM does not stick to the first header)", async () => {
    const withBom = await parseAccountFile(utf8(CSV, true), "accounts.csv");
    expect(withBom.ok && withBom.encoding).toBe("utf-8");
    expect(rowsOf(withBom)).toEqual(rowsOf(await parseAccountFile(utf8(CSV), "accounts.csv")));
  });

  it("reads a GBK file as Excel on Chinese Windows saves it", async () => {
    // Known GBK codes, to be sure the test's encoder produces real GBK and not something else.
    expect([...encodeGbk("姓名账号")]).toEqual([0xd0, 0xd5, 0xc3, 0xfb, 0xd5, 0xcb, 0xba, 0xc5]);
    const bytes = encodeGbk(CSV);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const result = await parseAccountFile(bytes, "从Excel另存.csv");
    expect(result.ok && result.encoding).toBe("gb18030");
    expect(rowsOf(result).map((r) => [r.rowNumber, r.name, r.unitPath])).toEqual([
      [2, "张三", "示范县委/县委组织部"],
      [3, "李四", undefined],
      [5, "王五", "示范县委 / 县委宣传部"],
    ]);
  });

  it("asks for UTF-8 or XLSX when the bytes are neither UTF-8 nor a GBK table with the expected header", async () => {
    // Latin-1 "Name,Société": invalid UTF-8, and read as GBK it has no known column.
    const latin1 = new Uint8Array([...utf8("Name,Soci"), 0xe9, 0x74, 0xe9, ...utf8("\n1,2\n")]);
    expect(messageOf(await parseAccountFile(latin1, "a.csv"))).toMatch(/编码.*UTF-8 编码的 CSV 或 XLSX/);
  });

  it("reads UTF-16 text with a BOM, tab-separated (Excel's 'Unicode 文本')", async () => {
    const text = "\ufeff姓名\t账号\t单位编码\r\n赵六\tzhaoliu\tZZB\r\n";
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(i * 2, text.charCodeAt(i), true);
    expect(rowsOf(await parseAccountFile(bytes, "a.csv"))).toEqual([{ rowNumber: 2, name: "赵六", account: "zhaoliu", unitPath: undefined, unitCode: "ZZB", role: undefined }]);
  });

  it("counts a quoted multi-line cell as one spreadsheet row, like Excel", async () => {
    const rows = rowsOf(await parseAccountFile(utf8('姓名,账号,单位编码\n"张\n三",a1,ZZB\n李四,a2,ZZB\n'), "a.csv"));
    expect(rows.map((r) => [r.rowNumber, r.account])).toEqual([[2, "a1"], [3, "a2"]]);
  });

  it("accepts full-width and spaced header names, 帐号, a required-marker and extra columns", async () => {
    const rows = rowsOf(await parseAccountFile(utf8("备注, 姓 名 ,帐号*,单位编码（必填）\nx,张三,zs,ZZB\n"), "a.csv"));
    expect(rows).toEqual([{ rowNumber: 2, name: "张三", account: "zs", unitPath: undefined, unitCode: "ZZB", role: undefined }]);
  });

  it("names the missing columns", async () => {
    expect(messageOf(await parseAccountFile(utf8("姓名,单位路径\n张三,a\n"), "a.csv"))).toMatch(/第 1 行（表头）缺少“账号”列/);
    expect(messageOf(await parseAccountFile(utf8("姓名,账号,角色\n张三,zs,学员\n"), "a.csv"))).toContain("“单位路径”或“单位编码”");
    expect(messageOf(await parseAccountFile(utf8("\n\n账号,单位编码\nzs,ZZB\n"), "a.csv"))).toMatch(/第 3 行（表头）缺少“姓名”列/);
  });

  it("refuses a header that is not one (data in the first row) and repeated columns", async () => {
    expect(messageOf(await parseAccountFile(utf8("张三,zs,ZZB\n李四,ls,ZZB\n"), "a.csv"))).toMatch(/表头.*缺少“姓名”、“账号”、“单位路径”或“单位编码”列/);
    expect(messageOf(await parseAccountFile(utf8("姓名,账号,账号,单位编码\n"), "a.csv"))).toContain("“账号”列出现了不止一次");
  });

  it("refuses empty files, blank files and files with a header only", async () => {
    expect(messageOf(await parseAccountFile(new Uint8Array(), "a.csv"))).toBe("文件是空的");
    expect(messageOf(await parseAccountFile(utf8(" \r\n,,\r\n", true), "a.csv"))).toBe("文件中没有内容");
    expect(messageOf(await parseAccountFile(utf8("姓名,账号,单位编码\r\n\r\n"), "a.csv"))).toContain("只有表头");
  });

  it("refuses files over the size and row limits", async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61);
    expect(messageOf(await parseAccountFile(big, "a.csv"))).toContain("不能超过 5 MB");
    const lines = Array.from({ length: MAX_ROWS + 1 }, (_, i) => `n,a${i},Z`);
    expect(messageOf(await parseAccountFile(utf8(["姓名,账号,单位编码", ...lines].join("\n")), "a.csv"))).toContain(`一次最多导入 ${MAX_ROWS} 行`);
    const atLimit = Array.from({ length: MAX_ROWS }, (_, i) => `n,a${i},Z`);
    expect(rowsOf(await parseAccountFile(utf8(["姓名,账号,单位编码", ...atLimit].join("\n")), "a.csv"))).toHaveLength(MAX_ROWS);
  });

  it("reports an unclosed quote with the line", async () => {
    expect(messageOf(await parseAccountFile(utf8('姓名,账号,单位编码\n"张三,zs,ZZB\n'), "a.csv"))).toMatch(/CSV 文件格式有误（第 \d+ 行附近）/);
  });

  it("refuses other file types and old .xls files", async () => {
    expect(messageOf(await parseAccountFile(utf8("姓名,账号,单位编码\n"), "a.txt"))).toBe("只支持 .csv 或 .xlsx 文件");
    expect(messageOf(await parseAccountFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "a.xlsx"))).toContain(".xls");
    expect(messageOf(await parseAccountFile(utf8("not a zip"), "a.xlsx"))).toContain("无法读取 XLSX 文件");
  });
});

describe("parseAccountFile: XLSX", () => {
  it("reads the first worksheet: numbers, rich text, formulas, hyperlinks, empty rows", async () => {
    const bytes = await buildXlsx(
      [
        ["姓名", "账号", "单位路径", "单位编码", "角色"],
        [{ richText: [{ text: "张" }, { text: "三", font: { bold: true } }] }, 13800000001, "示范县委/县委组织部", null, null],
        undefined,
        ["李四", { formula: 'LOWER("LiSi")', result: "lisi" }, null, "ZZB", "UNIT_ADMIN"],
        ["王五", { text: "wangwu", hyperlink: "mailto:w@example.org" }, null, "XCB", "学员"],
      ],
      true,
    );
    const result = await parseAccountFile(bytes, "账号.xlsx");
    expect(result.ok && result.format).toBe("xlsx");
    expect(rowsOf(result)).toEqual([
      { rowNumber: 2, name: "张三", account: "13800000001", unitPath: "示范县委/县委组织部", unitCode: undefined, role: undefined },
      { rowNumber: 4, name: "李四", account: "lisi", unitPath: undefined, unitCode: "ZZB", role: "UNIT_ADMIN" },
      { rowNumber: 5, name: "王五", account: "wangwu", unitPath: undefined, unitCode: "XCB", role: "学员" },
    ]);
  });

  it("turns a number Excel has already rounded (over 15 digits) into scientific notation, not a wrong account", async () => {
    const rows = rowsOf(await parseAccountFile(await buildXlsx([["姓名", "账号", "单位编码"], ["张三", 110105194912310020, "ZZB"]]), "a.xlsx"));
    expect(rows[0]?.account).toMatch(/e\+17$/);
  });

  it("reads a workbook saved with a .csv name by its content", async () => {
    const rows = rowsOf(await parseAccountFile(await buildXlsx([["姓名", "账号", "单位编码"], ["张三", "zs", "ZZB"]]), "a.csv"));
    expect(rows).toHaveLength(1);
  });

  it("names missing columns in a workbook too", async () => {
    expect(messageOf(await parseAccountFile(await buildXlsx([["姓名", "单位编码"], ["张三", "ZZB"]]), "a.xlsx"))).toContain("缺少“账号”列");
  });

  it("refuses a workbook that would unpack to more than 100 MB (zip bomb)", async () => {
    const bytes = await buildXlsx([["姓名", "账号", "单位编码"], ["张三", "zs", "ZZB"]]);
    expect(getUnzippedSize(bytes)).toBeGreaterThan(0);
    // Claim 200 MB for the first entry in the central directory.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = bytes.length - 22;
    while (view.getUint32(at, true) !== 0x06054b50) at--;
    view.setUint32(view.getUint32(at + 16, true) + 24, 200 * 1024 * 1024, true);
    expect(messageOf(await parseAccountFile(bytes, "a.xlsx"))).toContain("解压后过大");
  });
});
