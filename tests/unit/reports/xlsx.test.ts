import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { createXlsxStream, sanitizeSheetName, type XlsxCell } from "@/lib/reports/xlsx";

const TITLE = "县委组织部 · 学习完成情况 · 导出时间 2026-11-29 20:00";

async function load(stream: ReadableStream<Uint8Array>): Promise<ExcelJS.Workbook> {
  const buffer = await new Response(stream).arrayBuffer();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  return workbook;
}

function cellValues(sheet: ExcelJS.Worksheet, rowNumber: number, columns: number): unknown[] {
  return Array.from({ length: columns }, (_, i) => sheet.getRow(rowNumber).getCell(i + 1).value);
}

describe("createXlsxStream", () => {
  it("writes the title row, frozen bold header, column widths and every value", async () => {
    const rows: XlsxCell[][] = [
      ["县委组织部", "张三", 3, new Date("2026-11-29T12:00:00Z")],
      ["组织部第一支部", "多行\n备注", -2.5, null],
      ["=1+2", "@某人", 0, new Date("2026-12-31T16:05:00Z")],
    ];
    async function* asyncRows() {
      yield* rows;
    }
    const workbook = await load(
      createXlsxStream({
        title: TITLE,
        creator: "测试",
        sheets: [
          {
            name: "明细",
            columns: [
              { header: "单位", width: 24 },
              { header: "姓名", width: 12 },
              { header: "完成节数", width: 10 },
              { header: "完成时间", width: 18 },
            ],
            rows: asyncRows(),
          },
          { name: "汇总", columns: [{ header: "合计", width: 8 }], rows: [[42]] },
        ],
      }),
    );
    expect(workbook.creator).toBe("测试");
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["明细", "汇总"]);

    const sheet = workbook.getWorksheet("明细")!;
    expect(sheet.getCell("A1").value).toBe(TITLE);
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.model.merges).toEqual(["A1:D1"]);
    expect(cellValues(sheet, 2, 4)).toEqual(["单位", "姓名", "完成节数", "完成时间"]);
    expect(sheet.getCell("A2").font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.columns.map((c) => c.width)).toEqual([24, 12, 10, 18]);

    // Dates hold Beijing wall-clock time (Excel dates have no zone); formula-like text gets "'".
    expect(cellValues(sheet, 3, 4)).toEqual(["县委组织部", "张三", 3, new Date("2026-11-29T20:00:00Z")]);
    expect(cellValues(sheet, 4, 4)).toEqual(["组织部第一支部", "多行\n备注", -2.5, null]);
    expect(cellValues(sheet, 5, 4)).toEqual(["'=1+2", "'@某人", 0, new Date("2027-01-01T00:05:00Z")]);
    expect(sheet.getCell("D3").numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(sheet.rowCount).toBe(5);

    const summary = workbook.getWorksheet("汇总")!;
    expect(summary.getCell("A1").value).toBe(TITLE);
    expect(summary.model.merges).toEqual([]);
    expect(cellValues(summary, 2, 1)).toEqual(["合计"]);
    expect(cellValues(summary, 3, 1)).toEqual([42]);
  });

  it("keeps percentages, counts and minutes numeric with number formats, and sets up printing", async () => {
    const workbook = await load(
      createXlsxStream({
        title: "甲&乙 · 学习完成情况",
        exportedAt: new Date("2026-12-07T02:30:00Z"),
        sheets: [
          {
            name: "汇总",
            columns: [
              { header: "单位", width: 20 },
              { header: "应学人数", width: 10, format: "count" },
              { header: "完成率", width: 10, format: "percent" },
              { header: "有效阅读（分钟）", width: 10, format: "minutes" },
            ],
            rows: [
              ["甲处", 31, 0.4516, 125],
              ["乙处", 0, null, 0],
            ],
          },
        ],
      }),
    );
    const sheet = workbook.getWorksheet("汇总")!;
    expect(sheet.getCell("A1").value).toBe("甲&乙 · 学习完成情况 · 导出时间 2026-12-07 10:30");
    expect(["B3", "C3", "D3"].map((ref) => [sheet.getCell(ref).type, sheet.getCell(ref).value, sheet.getCell(ref).numFmt])).toEqual([
      [ExcelJS.ValueType.Number, 31, "0"],
      [ExcelJS.ValueType.Number, 0.4516, "0.0%"],
      [ExcelJS.ValueType.Number, 125, "0"],
    ]);
    expect(sheet.getCell("C4").value).toBeNull();
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "2:2" });
    // "&" is a format code in a page header: the title's own "&" is doubled.
    expect(sheet.headerFooter.oddHeader).toBe('&L&"-,Bold"甲&&乙 · 学习完成情况&R导出时间 2026-12-07 10:30');
    expect(sheet.headerFooter.oddFooter).toBe("&C第 &P 页，共 &N 页");
  });

  it("streams 20,000 rows", async () => {
    function* many(): Generator<XlsxCell[]> {
      for (let i = 1; i <= 20_000; i++) yield [`学员${i}`, i, i % 3 === 0 ? null : `示范县委/县委组织部/第${i % 7}支部`];
    }
    const stream = createXlsxStream({
      title: TITLE,
      sheets: [{ name: "学员", columns: [{ header: "姓名", width: 12 }, { header: "序号", width: 8 }, { header: "单位", width: 30 }], rows: many() }],
    });
    const sheet = (await load(stream)).getWorksheet("学员")!;
    expect(sheet.rowCount).toBe(20_002);
    expect(cellValues(sheet, 3, 3)).toEqual(["学员1", 1, "示范县委/县委组织部/第1支部"]);
    expect(cellValues(sheet, 20_002, 3)).toEqual(["学员20000", 20_000, "示范县委/县委组织部/第1支部"]);
    expect(cellValues(sheet, 5, 3)).toEqual(["学员3", 3, null]);
  }, 60_000);

  it("turns a failing row source into a stream error, not an unhandled rejection", async () => {
    async function* failing() {
      yield ["好的一行"];
      throw new Error("数据库连接中断");
    }
    const stream = createXlsxStream({ title: TITLE, sheets: [{ name: "明细", columns: [{ header: "单位", width: 10 }], rows: failing() }] });
    await expect(new Response(stream).arrayBuffer()).rejects.toThrow("数据库连接中断");
  });

  it("stops reading rows and closes the source when the download is cancelled", async () => {
    let closed = false;
    let produced = 0;
    async function* endless() {
      try {
        for (;;) yield [`学员${produced++}`, "示范县委/县委组织部/组织部第一支部".repeat(4)];
      } finally {
        closed = true;
      }
    }
    const reader = createXlsxStream({ title: TITLE, sheets: [{ name: "明细", columns: [{ header: "单位", width: 10 }], rows: endless() }] }).getReader();
    await reader.read();
    await reader.cancel();
    for (let i = 0; i < 50 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
    const after = produced;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBe(after);
  });
});

describe("sanitizeSheetName", () => {
  it("drops characters Excel refuses, keeps 31 characters and makes names unique", () => {
    const taken = new Set<string>();
    expect(sanitizeSheetName("明细[2026/11]:*?\\", taken)).toBe("明细_2026_11_____");
    expect(sanitizeSheetName("'引号'", taken)).toBe("引号");
    expect(sanitizeSheetName("", taken)).toBe("工作表_");
    expect(sanitizeSheetName("History", taken)).toBe("History_");
    const long = "示范县委县委组织部组织部第一支部学习完成情况明细表按单位汇总";
    const first = sanitizeSheetName(long + "甲乙丙", taken);
    expect(first).toBe((long + "甲乙丙").slice(0, 31));
    const second = sanitizeSheetName(long + "甲乙丙", taken);
    expect(second).toHaveLength(31);
    expect(second.endsWith("(2)")).toBe(true);
    expect(sanitizeSheetName("汇总", taken)).toBe("汇总");
    expect(sanitizeSheetName("汇总", taken)).toBe("汇总(2)");
  });
});
