// Issue 15, items 6, 9 and 18: the reader and the administrator see the same minutes and estimates,
// and every date an export shows or is named by is China time. Small account fixture:
//   省局 ROOT ─ 甲处 A ─ 甲处一科 A1 (assignment) ─ 甲处一组 A1X;  乙处 B
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UNITS, USERS, actorOf, useAccountFixture } from "../admin/fixtures";
import { insertSectionProgress } from "../helpers/progress";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

const MATERIAL = "deep-poverty-speech";
const actor = actorOf;

async function lib() {
  const [{ getDb }, counters, people, exports, tasks, read, content, minutes] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/reports/counters"),
    import("@/lib/reports/people"),
    import("@/lib/reports/export"),
    import("@/lib/my-tasks"),
    import("@/lib/progress/read"),
    import("@/lib/content"),
    import("@/lib/progress/minutes"),
  ]);
  await counters.syncMaterialCatalog();
  return { db: await getDb(), ...people, ...exports, ...tasks, ...read, ...minutes, material: content.getMaterial(MATERIAL)! };
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

afterEach(() => vi.useRealTimers());

describe("active minutes (item 18)", () => {
  it("are the seconds summed and rounded once on 我的学习, the person grid, its CSV and its XLSX", async () => {
    const { db, material, getPeoplePage, createProgressExport, getMyMaterialProgress, toActiveMinutes } = await lib();
    // 3 × 90 s = 270 s = 4.5 min → 5 分钟; rounding each section first (2 + 2 + 2) gave 6.
    for (const section of material.sections.slice(0, 3)) {
      await insertSectionProgress(db, USERS.readerA1.id, MATERIAL, section, new Date("2026-11-20T03:00:00Z"), 90);
    }
    const mine = (await getMyMaterialProgress(USERS.readerA1.id, MATERIAL))!;
    expect(mine.activeSeconds).toBe(270);
    expect(toActiveMinutes(mine.activeSeconds)).toBe(5);

    const query = { unit: UNITS.a1.id, material: MATERIAL, sort: "account" as const, dir: "asc" as const, page: 1 };
    const grid = (await getPeoplePage(actor("adminA"), query))!;
    const row = grid.rows.find((r) => r.account === "reader-a1");
    expect(row?.activeMinutes).toBe(5);

    const csv = (await createProgressExport(actor("adminA"), { ...query, format: "csv", view: "people" }, "203.0.113.9"))!;
    const rows = parse(await readStream(csv.body), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r["账号"] === "reader-a1")?.["有效阅读（分钟）"]).toBe("5");

    const xlsx = (await createProgressExport(actor("adminA"), { ...query, format: "xlsx", view: "people" }, "203.0.113.9"))!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readStream(xlsx.body)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("人员明细")!;
    const header = (sheet.getRow(2).values as unknown[]).map(String);
    const minutesColumn = header.indexOf("有效阅读（分钟）");
    expect(minutesColumn).toBeGreaterThan(0);
    const accountColumn = header.indexOf("账号");
    let found = false;
    sheet.eachRow((r) => {
      if (r.getCell(accountColumn).value === "reader-a1") {
        found = true;
        expect(Number(r.getCell(minutesColumn).value)).toBe(5);
      }
    });
    expect(found).toBe(true);
  });
});

describe("the home page's task estimate (item 6)", () => {
  it("is the material's own estimate for a task never started, and says 开始学习 until a section is read", async () => {
    const { db, material, listMyTasks } = await lib();
    const day = new Date("2026-12-02T02:00:00Z");
    const [fresh] = await listMyTasks({ id: USERS.readerA1.id, unitPath: UNITS.a1.path }, day);
    expect(fresh).toMatchObject({ started: false, minutesLeft: material.minutes, charsLeft: material.chars });
    // Each section's estimate rounded up and then summed said more than the material card.
    expect(material.sections.reduce((sum, s) => sum + s.minutes, 0)).toBeGreaterThan(material.minutes);

    const first = material.sections[0]!;
    await insertSectionProgress(db, USERS.readerA1.id, MATERIAL, first, new Date("2026-11-20T03:00:00Z"));
    const [begun] = await listMyTasks({ id: USERS.readerA1.id, unitPath: UNITS.a1.path }, day);
    expect(begun).toMatchObject({ started: true, charsLeft: material.chars - first.chars });
    expect(begun?.sectionsLeft).toHaveLength(material.sections.length - 1);
  });
});

describe("dates in exports (item 9)", () => {
  it("names a progress export by the China-time day, also in the UTC evening", async () => {
    const { createProgressExport } = await lib();
    const request = { unit: UNITS.a.id, material: MATERIAL, sort: "account" as const, dir: "asc" as const, format: "csv" as const, view: "rollup" as const };
    // 2026-12-06 20:30 UTC is 2026-12-07 04:30 in China.
    const file = (await createProgressExport(actor("adminA"), request, "203.0.113.9", new Date("2026-12-06T20:30:00Z")))!;
    expect(file.fileName).toMatch(/_2026-12-07\.csv$/);
  });

  it("names the notes export by the China-time day its content says it was exported on", async () => {
    const { signInAs } = await import("../admin/fixtures");
    const { call, routes } = await import("../notes/helpers");
    await signInAs("readerA");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-06T19:55:00Z"));
    const { GET } = await routes.exportRoute();
    const file = await call(GET, { method: "GET", path: "/api/notes/export?format=markdown" });
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.response.headers.get("content-disposition") ?? "")).toContain("学习笔记本-2026-12-07.md");
    expect(await file.response.text()).toContain("导出于 2026年12月7日 03:55");
  });
});
