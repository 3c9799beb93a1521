import { describe, expect, it } from "vitest";
import { toCsv, toCsvCell } from "@/lib/import/csv-write";
import { readImportEvents } from "@/lib/import/ndjson";
import { formatRowError, importUploadSchema, MAX_FILE_BYTES } from "@/lib/import/protocol";
import { parseRoleText } from "@/lib/import/roles";
import { normalizeUnitPath } from "@/lib/import/unit-path";

describe("normalizeUnitPath", () => {
  it("treats /, ／, >, ＞ and spaces around them alike", () => {
    const expected = "示范县委/组织部/第一支部";
    for (const path of ["示范县委/组织部/第一支部", "示范县委 / 组织部 / 第一支部", "示范县委＞组织部＞第一支部", "示范县委／组织部>第一支部", " /示范县委/组织部/第一支部/ "]) {
      expect(normalizeUnitPath(path)).toBe(expected);
    }
    expect(normalizeUnitPath("示范县委/宣传部")).not.toBe(expected);
  });
});

describe("parseRoleText", () => {
  it("accepts the labels, 读者 and the role codes; blank is 学员", () => {
    expect(parseRoleText(undefined)).toBe("READER");
    expect(parseRoleText(" ")).toBe("READER");
    expect(parseRoleText("学员")).toBe("READER");
    expect(parseRoleText("读者")).toBe("READER");
    expect(parseRoleText("reader")).toBe("READER");
    expect(parseRoleText("单位管理员")).toBe("UNIT_ADMIN");
    expect(parseRoleText("ＵＮＩＴ＿ＡＤＭＩＮ")).toBe("UNIT_ADMIN");
    expect(parseRoleText("系统管理员")).toBe("SYSTEM_ADMIN");
    expect(parseRoleText("SYSTEM_ADMIN")).toBe("SYSTEM_ADMIN");
    expect(parseRoleText("组长")).toBeNull();
    expect(parseRoleText("ADMIN")).toBeNull();
  });
});

describe("toCsv", () => {
  it("writes a BOM, CRLF lines and quotes only where needed", () => {
    expect(toCsv([["姓名", "账号"], ['张"三', "a,b"]])).toBe('\uFEFF姓名,账号\r\n"张""三","a,b"\r\n');
  });

  it("keeps cells a spreadsheet would run as formulas as text", () => {
    expect(toCsvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(toCsvCell("+1")).toBe("'+1");
    expect(toCsvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(toCsvCell("张三")).toBe("张三");
  });
});


describe("importUploadSchema", () => {
  it("takes a .csv or .xlsx file up to 5 MB", () => {
    expect(importUploadSchema.safeParse({ file: new File(["a"], "名单.XLSX") }).success).toBe(true);
    const issue = (file: unknown) => importUploadSchema.safeParse({ file }).error?.issues[0]?.message;
    expect(issue(undefined)).toBe("请选择要导入的文件");
    expect(issue("text")).toBe("请选择要导入的文件");
    expect(issue(new File([], "a.csv"))).toBe("文件是空的");
    expect(issue(new File(["a"], "a.xls"))).toBe("只支持 .csv 或 .xlsx 文件");
    expect(issue(new File([new Uint8Array(MAX_FILE_BYTES + 1)], "a.csv"))).toBe("文件不能超过 5 MB");
  });
});

describe("readImportEvents", () => {
  it("reassembles lines split anywhere, even inside a character, and skips lines that are not events", async () => {
    const text = [
      JSON.stringify({ type: "progress", phase: "hash", done: 1, total: 2 }),
      "garbage",
      JSON.stringify({ type: "result", ok: false, errors: [{ rowNumber: 3, message: "账号“张三”无效" }] }),
    ].join("\n");
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
        controller.close();
      },
    });
    const invalid: string[] = [];
    const events = [];
    for await (const event of readImportEvents(body, (line) => invalid.push(line))) events.push(event);
    expect(invalid).toEqual(["garbage"]);
    expect(events).toEqual([
      { type: "progress", phase: "hash", done: 1, total: 2 },
      { type: "result", ok: false, errors: [{ rowNumber: 3, message: "账号“张三”无效" }] },
    ]);
    expect(formatRowError({ rowNumber: 3, message: "x" })).toBe("第 3 行：x");
    expect(formatRowError({ rowNumber: 0, message: "x" })).toBe("x");
  });
});
