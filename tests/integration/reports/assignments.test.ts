// Assignments, reminders, the reader's tasks and the exports, on the small account fixture:
//   省局 ROOT ─ 甲处 A ─ 甲处一科 A1 (assignment) ─ 甲处一组 A1X;  乙处 B
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { describe, expect, it, vi } from "vitest";
import { ASSIGNMENT, UNITS, USERS, actorOf, useAccountFixture } from "../admin/fixtures";
import { insertSectionProgress } from "../helpers/progress";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

const MATERIAL = "deep-poverty-speech";
const actor = actorOf;

async function lib() {
  const [{ getDb }, assignments, counters, dashboard, exports, tasks, content] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/assignments"),
    import("@/lib/reports/counters"),
    import("@/lib/reports/dashboard"),
    import("@/lib/reports/export"),
    import("@/lib/my-tasks"),
    import("@/lib/content"),
  ]);
  await counters.syncMaterialCatalog();
  return { db: await getDb(), ...assignments, ...dashboard, ...exports, ...tasks, material: content.getMaterial(MATERIAL)! };
}

/** Marks sections of the material completed for a reader, as the beat merge would leave them. */
async function complete(userId: number, sections: number) {
  const { db, material } = await lib();
  for (const section of material.sections.slice(0, sections)) {
    await insertSectionProgress(db, userId, MATERIAL, section, new Date("2026-11-20T03:00:00Z"));
  }
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("assignments", () => {
  it("refuse a second assignment of a material along the same path of the tree", async () => {
    const { createAssignment, ConflictError } = { ...(await lib()), ...(await import("@/lib/db-errors")) };
    const input = { materialSlug: MATERIAL, startDate: "2026-12-01", dueDate: "2026-12-31" };
    // A1 has one: its ancestor A and its descendant A1X are refused, the unrelated B is fine.
    await expect(createAssignment(actor("sys"), { ...input, unitId: UNITS.a.id })).rejects.toBeInstanceOf(ConflictError);
    await expect(createAssignment(actor("sys"), { ...input, unitId: UNITS.a1x.id })).rejects.toBeInstanceOf(ConflictError);
    await expect(createAssignment(actor("sys"), { ...input, unitId: UNITS.b.id })).resolves.toBeGreaterThan(0);
    // Two administrators racing for the same subtree: exactly one wins.
    const { db } = await lib();
    await db.assignment.deleteMany();
    const results = await Promise.allSettled([
      createAssignment(actor("sys"), { ...input, unitId: UNITS.root.id }),
      createAssignment(actor("adminA"), { ...input, unitId: UNITS.a1.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.assignment.count()).toBe(1);
  });

  it("are out of reach of administrators of other units", async () => {
    const { getAssignment, createAssignment, sendReminders } = await lib();
    const { NotFoundError, ConflictError } = await import("@/lib/db-errors");
    await expect(getAssignment(actor("adminB"), ASSIGNMENT.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(sendReminders(actor("adminB"), ASSIGNMENT.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createAssignment(actor("adminB"), { materialSlug: MATERIAL, unitId: UNITS.a.id, startDate: "2026-12-01", dueDate: "2026-12-31" })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});

describe("reminders", () => {
  it("go to non-completers only, at most once per reader, assignment and day", async () => {
    const { sendReminders, listMyTasks, db } = await lib();
    const { material } = await lib();
    await complete(USERS.readerA1.id, material.sections.length);
    // Move readerA (in A) under A1 so the assignment has a completer and a non-completer.
    await db.user.update({ where: { id: USERS.readerA.id }, data: { unitId: UNITS.a1x.id } });
    const day1 = new Date("2026-12-02T02:00:00Z");
    await expect(sendReminders(actor("adminA"), ASSIGNMENT.id, undefined, day1)).resolves.toEqual({ sent: 1, alreadyReminded: 0 });
    await expect(sendReminders(actor("sys"), ASSIGNMENT.id, undefined, new Date(day1.getTime() + 3_600_000))).resolves.toEqual({ sent: 0, alreadyReminded: 1 });
    // The next day (China time) the reader may be reminded again.
    await expect(sendReminders(actor("adminA"), ASSIGNMENT.id, undefined, new Date("2026-12-02T17:00:00Z"))).resolves.toEqual({ sent: 1, alreadyReminded: 0 });
    expect(await db.reminder.count({ where: { userId: USERS.readerA1.id } })).toBe(0);
    const [task] = await listMyTasks({ id: USERS.readerA.id, unitPath: UNITS.a1x.path }, day1);
    expect(task).toMatchObject({ materialSlug: MATERIAL, dueDate: ASSIGNMENT.dueDate, done: false, reminder: { day: "2026-12-03" }, sectionsTotal: material.sections.length });
    expect(task?.sectionsLeft).toHaveLength(material.sections.length);
    expect(task?.minutesLeft).toBeGreaterThanOrEqual(material.minutes);
    const [done] = await listMyTasks({ id: USERS.readerA1.id, unitPath: UNITS.a1.path }, day1);
    expect(done).toMatchObject({ done: true, reminder: null, sectionsLeft: [] });
    // Readers elsewhere have no task.
    await expect(listMyTasks({ id: USERS.readerB.id, unitPath: UNITS.b.path })).resolves.toEqual([]);
  });
});

describe("exports", () => {
  it("parse back with the same numbers as the dashboard (CSV with BOM, XLSX)", async () => {
    const { getDashboard, createProgressExport, material } = await lib();
    await complete(USERS.readerA1.id, material.sections.length);
    await complete(USERS.readerA.id, 3);
    const request = { unit: UNITS.a.id, material: MATERIAL, sort: "account" as const, dir: "asc" as const };
    const dashboard = (await getDashboard(actor("adminA"), UNITS.a.id, MATERIAL))!;

    const csv = (await createProgressExport(actor("adminA"), { ...request, format: "csv", view: "rollup" }, "203.0.113.9"))!;
    const bytes = await readStream(csv.body);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({
      单位: "甲处（合计）",
      应学人数: String(dashboard.figures.headcount),
      已完成: String(dashboard.figures.completed),
      进行中: String(dashboard.figures.inProgress),
      未开始: String(dashboard.figures.notStarted),
    });
    expect(rows.map((r) => r["单位"])).toEqual(["甲处（合计）", "甲处（本级直属）", "甲处一科"]);

    const people = (await createProgressExport(actor("adminA"), { ...request, format: "csv", view: "people" }, "203.0.113.9"))!;
    const grid = parse(await readStream(people.body), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(grid.map((r) => r["账号"]).sort()).toEqual(["reader-a", "reader-a1"]);
    expect(grid.find((r) => r["账号"] === "reader-a1")).toMatchObject({ 状态: "已完成", 已完成节数: String(material.sections.length) });
    expect(grid.find((r) => r["账号"] === "reader-a")).toMatchObject({ 状态: "进行中", 已完成节数: "3" });

    const xlsx = (await createProgressExport(actor("adminA"), { ...request, format: "xlsx", view: "rollup" }, "203.0.113.9"))!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readStream(xlsx.body)) as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet("汇总")!;
    expect(String(summary.getCell("A1").value)).toContain("甲处");
    // Numbers stay numbers (Excel sorts and sums them): the rate is a fraction shown as "0.0%".
    expect(summary.getRow(3).values).toEqual([undefined, "甲处（合计）", dashboard.figures.headcount, dashboard.figures.completed, 0.5, 1, 0]);
    expect(summary.getCell("D3").numFmt).toBe("0.0%");
    expect(["B3", "C3", "E3", "F3"].map((ref) => summary.getCell(ref).numFmt)).toEqual(["0", "0", "0", "0"]);
    const sheet = workbook.getWorksheet("人员明细")!;
    expect(sheet.rowCount).toBe(2 + 2);
    const readerRow = [3, 4].map((n) => sheet.getRow(n)).find((row) => row.getCell(2).value === "reader-a")!;
    expect(readerRow.getCell(5)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 3, numFmt: "0" });
    expect(readerRow.getCell(7).type).toBe(ExcelJS.ValueType.Number);
    expect(readerRow.getCell(7).numFmt).toBe("0");

    // Printed for meetings: landscape, one page wide, header row on every page, title and page numbers.
    for (const printed of [summary, sheet]) {
      expect(printed.pageSetup).toMatchObject({ orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "2:2" });
      expect(printed.headerFooter.oddHeader).toContain("甲处 · 《");
      expect(printed.headerFooter.oddHeader).toMatch(/导出时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      expect(printed.headerFooter.oddFooter).toBe("&C第 &P 页，共 &N 页");
    }

    const { db } = await lib();
    expect(await db.auditLog.count({ where: { action: "report.export" } })).toBe(3);
  });

  it("refuse units outside the administrator's scope exactly like missing ones", async () => {
    const { createProgressExport } = await lib();
    const request = { material: MATERIAL, sort: "account" as const, dir: "asc" as const, format: "csv" as const, view: "people" as const };
    await expect(createProgressExport(actor("adminB"), { ...request, unit: UNITS.a.id }, "203.0.113.9")).resolves.toBeNull();
    await expect(createProgressExport(actor("adminB"), { ...request, unit: 999_999 }, "203.0.113.9")).resolves.toBeNull();
    await expect(createProgressExport(actor("readerB"), { ...request, unit: UNITS.b.id }, "203.0.113.9")).resolves.toBeNull();
  });
});
