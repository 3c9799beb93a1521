import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { formatChinaDateTime } from "@/lib/china-time";
import { createCsvStream, formatCsvRow, type CsvCell } from "@/lib/reports/csv";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("formatCsvRow", () => {
  it("quotes only cells with a quote, comma or line break, doubling inner quotes", () => {
    expect(formatCsvRow(["张三", 'say "hi"', "a,b", "line1\nline2", "cr\rlf", "plain"])).toBe(
      '张三,"say ""hi""","a,b","line1\nline2","cr\rlf",plain',
    );
  });

  it("writes numbers as numbers (negative too), empty cells as nothing", () => {
    expect(formatCsvRow([-5, 0, 30.8, null, undefined, Number.NaN, ""])).toBe("-5,0,30.8,,,,");
  });

  it("prefixes text a spreadsheet would run as a formula with an apostrophe", () => {
    expect(formatCsvRow(["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b", "'kept"])).toBe(`'=1+2,'+1,'-1,'@SUM(A1),'\tx,"'\rx",a=b,'kept`);
    expect(formatCsvRow(['=HYPERLINK("http://x","点我")'])).toBe(`"'=HYPERLINK(""http://x"",""点我"")"`);
  });

  it("writes dates as Beijing time YYYY-MM-DD HH:mm", () => {
    expect(formatCsvRow([new Date("2026-11-29T12:00:00Z"), new Date("2026-12-31T16:05:59Z")])).toBe("2026-11-29 20:00,2027-01-01 00:05");
    expect(formatChinaDateTime(new Date("invalid"))).toBe("");
  });
});

describe("createCsvStream", () => {
  it("writes a UTF-8 BOM and CRLF lines that csv-parse reads back exactly", async () => {
    const rows: CsvCell[][] = [
      ["单位", "姓名", "完成时间", "完成节数"],
      ["县委组织部", '王"五"', new Date("2026-11-29T12:00:00Z"), 3],
      ["组织部第一支部, 二组", "多行\r\n备注\n第三行", null, -1],
      ["=cmd|' /C calc'!A0", "@某人", undefined, 0],
    ];
    const bytes = await readAll(createCsvStream(rows));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes); // drops the BOM, checked above
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.startsWith("单位,姓名,完成时间,完成节数\r\n县委组织部,")).toBe(true);
    const parsed: string[][] = parse(Buffer.from(bytes), { bom: true, relax_column_count: false });
    expect(parsed).toEqual([
      ["单位", "姓名", "完成时间", "完成节数"],
      ["县委组织部", '王"五"', "2026-11-29 20:00", "3"],
      ["组织部第一支部, 二组", "多行\r\n备注\n第三行", "", "-1"],
      ["'=cmd|' /C calc'!A0", "'@某人", "", "0"],
    ]);
  });

  it("takes rows from an async iterable, and an empty one gives only the BOM", async () => {
    async function* rows() {
      yield ["甲", 1];
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield ["乙", 2];
    }
    expect(new TextDecoder().decode(await readAll(createCsvStream(rows())))).toBe("甲,1\r\n乙,2\r\n");
    expect([...(await readAll(createCsvStream([])))]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("pulls lazily: reading one chunk of an endless source stops, and cancelling closes the source", async () => {
    let produced = 0;
    let closed = false;
    function* endless(): Generator<CsvCell[]> {
      try {
        for (;;) yield ["第" + produced++ + "行", produced, "学习园地"];
      } finally {
        closed = true;
      }
    }
    const reader = createCsvStream(endless()).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(first.value!.byteLength).toBeGreaterThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // At most the chunk read and one chunk of read-ahead, not the endless rest.
    expect(produced).toBeLessThan(3000);
    await reader.cancel();
    expect(closed).toBe(true);
  });

  it("closes an async source on cancel too", async () => {
    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield [i, "行".repeat(100)];
      } finally {
        closed = true;
      }
    }
    const reader = createCsvStream(endless()).getReader();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
  });

  it("errors the stream when the rows fail", async () => {
    async function* failing() {
      yield ["好的一行"];
      throw new Error("数据库连接中断");
    }
    await expect(readAll(createCsvStream(failing()))).rejects.toThrow("数据库连接中断");
    function* failingSync(): Generator<CsvCell[]> {
      yield ["x"];
      throw new Error("sync failure");
    }
    const reader = createCsvStream(failingSync()).getReader();
    await expect(reader.read()).rejects.toThrow("sync failure");
  });
});
