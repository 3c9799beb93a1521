// Issue 15, items 6, 9 and 18: the reader and the administrator see the same minutes and estimates,
// and every date an export shows or is named by is China time. Items 12 and 19: "started" and
// "completed" mean the same on 我的学习, the home page's tasks, the administrator's reader page, the
// dashboard's headline and funnel, the grid and both exports, checked against the raw rows. Small account fixture:
//   省局 ROOT ─ 甲处 A ─ 甲处一科 A1 (assignment) ─ 甲处一组 A1X;  乙处 B
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UNITS, USERS, actorOf, useAccountFixture } from "../admin/fixtures";
import { insertSectionProgress, simulateEarlierVersion } from "../helpers/progress";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

const MATERIAL = "deep-poverty-speech";
const actor = actorOf;

async function lib() {
  const [{ getDb }, counters, people, exports, tasks, read, content, minutes, dashboard, store] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/reports/counters"),
    import("@/lib/reports/people"),
    import("@/lib/reports/export"),
    import("@/lib/my-tasks"),
    import("@/lib/progress/read"),
    import("@/lib/content"),
    import("@/lib/progress/minutes"),
    import("@/lib/reports/dashboard"),
    import("@/lib/progress/store"),
  ]);
  await counters.syncMaterialCatalog();
  return {
    db: await getDb(), ...people, ...exports, ...tasks, ...read, ...minutes, ...dashboard, ...store, ...counters, material: content.getMaterial(MATERIAL)!,
  };
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

afterEach(() => vi.useRealTimers());

describe("active minutes (item 18)", () => {
  it("are the seconds summed and rounded once on 我的学习, the person grid, its CSV and its XLSX", async () => {
    const { db, material, getPeoplePage, createProgressExport, getReaderMaterialProgress, toActiveMinutes } = await lib();
    // 3 × 90 s = 270 s = 4.5 min → 5 分钟; rounding each section first (2 + 2 + 2) gave 6.
    for (const section of material.sections.slice(0, 3)) {
      await insertSectionProgress(db, USERS.readerA1.id, MATERIAL, section, new Date("2026-11-20T03:00:00Z"), 90);
    }
    const mine = (await getReaderMaterialProgress(USERS.readerA1.id, MATERIAL))!;
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

/** The people export of unit 甲处 as CSV rows and as the XLSX sheets' rows, keyed by header. */
async function exportsOfUnitA() {
  const { createProgressExport } = await lib();
  const query = { unit: UNITS.a.id, material: MATERIAL, sort: "account" as const, dir: "asc" as const };
  const csv = (await createProgressExport(actor("adminA"), { ...query, format: "csv", view: "people" }, "203.0.113.9"))!;
  const csvRows = parse(await readStream(csv.body), { bom: true, columns: true }) as Array<Record<string, string>>;
  const xlsx = (await createProgressExport(actor("adminA"), { ...query, format: "xlsx", view: "people" }, "203.0.113.9"))!;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readStream(xlsx.body)) as unknown as ArrayBuffer);
  const sheetRows = (name: string) => {
    const sheet = workbook.getWorksheet(name)!;
    const header = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ""));
    const rows: Array<Record<string, string>> = [];
    sheet.eachRow((row, n) => {
      if (n <= 2) return;
      rows.push(Object.fromEntries(header.map((h, i) => [h, String(row.getCell(i).value ?? "")]).filter(([h]) => h)));
    });
    return rows;
  };
  return { csv: csvRows, people: sheetRows("人员明细"), rollup: sheetRows("汇总") };
}

type RawRow = { userId: number; sectionSlug: string; readParagraphs: string; activeSeconds: number; completedVersion: string | null };

/** Unit 甲处's headline computed the slow, obvious way from the rows, by the rules of docs/progress-and-notes.md. */
function bruteForceUnitA(rows: RawRow[], sections: Array<{ slug: string; version: string }>) {
  const readers: number[] = [USERS.readerA.id, USERS.readerA1.id];
  const started = (r: RawRow) => (JSON.parse(r.readParagraphs) as string[]).length > 0 || r.activeSeconds >= 60;
  const completed = (r: RawRow) => r.completedVersion === sections.find((s) => s.slug === r.sectionSlug)?.version;
  const mine = (id: number) => rows.filter((r) => r.userId === id);
  const done = readers.filter((id) => sections.every((s) => mine(id).some((r) => r.sectionSlug === s.slug && completed(r))));
  const begun = readers.filter((id) => mine(id).some(started));
  return {
    figures: { headcount: 2, completed: done.length, inProgress: begun.length - done.length, notStarted: 2 - begun.length },
    sections: sections.map((s) => ({
      started: rows.filter((r) => readers.includes(r.userId) && r.sectionSlug === s.slug && started(r)).length,
      completed: rows.filter((r) => readers.includes(r.userId) && r.sectionSlug === s.slug && completed(r)).length,
    })),
  };
}

async function expectDashboardMatchesRows() {
  const { db, material, getDashboard } = await lib();
  const rows = await db.sectionProgress.findMany({ where: { materialSlug: MATERIAL } });
  const expected = bruteForceUnitA(rows, material.sections);
  const dashboard = (await getDashboard(actor("adminA"), UNITS.a.id, MATERIAL))!;
  expect({ ...dashboard.figures, overdue: undefined }).toEqual({ ...expected.figures, overdue: undefined });
  expect(dashboard.sections.map(({ started, completed }) => ({ started, completed }))).toEqual(expected.sections);
  return dashboard;
}

describe("who counts as started (item 12)", () => {
  it("is not a reader who only opened a section for a moment, on any page or export", async () => {
    const { material, recordBeat, getReaderMaterialProgress, listMyTasks, getPeoplePage, getPersonReport } = await lib();
    const [first, second] = material.sections;
    const at = new Date("2026-12-01T02:00:00Z");
    // 一科学员 opened the first section for 3 seconds and read nothing: 0/11 节, 0 分钟.
    await recordBeat(USERS.readerA1.id, { material: MATERIAL, section: first!.slug, version: first!.version, viewId: "view-opened-only", paragraphs: [], activeSeconds: 3 }, at);
    // 甲处学员 read one paragraph of the second section.
    const paragraph = second!.paragraphs[0]!.id;
    await recordBeat(USERS.readerA.id, { material: MATERIAL, section: second!.slug, version: second!.version, viewId: "view-one-paragraph", paragraphs: [paragraph], activeSeconds: 20 }, at);

    const dashboard = await expectDashboardMatchesRows();
    expect(dashboard.figures).toMatchObject({ inProgress: 1, notStarted: 1 });
    expect(dashboard.sections[0]).toMatchObject({ started: 0 });

    const opened = (await getReaderMaterialProgress(USERS.readerA1.id, MATERIAL))!;
    expect(opened.sections[0]?.state).toBe("unread");
    expect((await getPersonReport(actor("adminA"), USERS.readerA1.id, MATERIAL))!.progress.sections[0]?.state).toBe("unread");
    const [task] = await listMyTasks({ id: USERS.readerA1.id, unitPath: UNITS.a1.path });
    expect(task).toMatchObject({ started: false });
    expect((await getReaderMaterialProgress(USERS.readerA.id, MATERIAL))!.sections[1]?.state).toBe("reading");

    const query = { unit: UNITS.a.id, material: MATERIAL, sort: "account" as const, dir: "asc" as const, page: 1 };
    const grid = (await getPeoplePage(actor("adminA"), query))!;
    expect(grid.rows.find((r) => r.account === "reader-a1")).toMatchObject({ state: "not-started" });
    expect(grid.rows.find((r) => r.account === "reader-a1")?.cells[0]?.state).toBe("unread");
    expect(grid.rows.find((r) => r.account === "reader-a")).toMatchObject({ state: "in-progress" });
    const notStarted = (await getPeoplePage(actor("adminA"), { ...query, state: "not-started" }))!;
    expect(notStarted.rows.map((r) => r.account)).toEqual(["reader-a1"]);

    const files = await exportsOfUnitA();
    for (const rows of [files.csv, files.people]) {
      expect(rows.find((r) => r["账号"] === "reader-a1")).toMatchObject({ 状态: "未开始" });
      expect(rows.find((r) => r["账号"] === "reader-a")).toMatchObject({ 状态: "进行中" });
    }
    expect(files.rollup[0]).toMatchObject({ 已完成: "0", 进行中: "1", 未开始: "1" });
  });

  it("begins with the first minute of active time, even before a paragraph counts as read", async () => {
    const { material, recordBeat, getReaderMaterialProgress } = await lib();
    const first = material.sections[0]!;
    const beat = { material: MATERIAL, section: first.slug, version: first.version, viewId: "view-slow-reader", paragraphs: [] };
    await recordBeat(USERS.readerA1.id, { ...beat, activeSeconds: 40 }, new Date("2026-12-01T02:00:00Z"));
    expect((await expectDashboardMatchesRows()).figures.inProgress).toBe(0);
    await recordBeat(USERS.readerA1.id, { ...beat, activeSeconds: 60 }, new Date("2026-12-01T02:01:00Z"));
    expect((await expectDashboardMatchesRows()).figures.inProgress).toBe(1);
    expect((await getReaderMaterialProgress(USERS.readerA1.id, MATERIAL))!.sections[0]).toMatchObject({ state: "reading", activeSeconds: 60 });
  });
});

describe("completed after a revision (item 19)", () => {
  it("is what the reader sees: the revised paragraphs must be read, on every page and export", async () => {
    const { db, material, recordBeat, syncMaterialCatalog, getReaderMaterialProgress, listMyTasks, getPeoplePage, getPersonReport } = await lib();
    const completedAt = new Date("2026-11-20T03:00:00Z");
    for (const reader of [USERS.readerA.id, USERS.readerA1.id]) {
      for (const section of material.sections) await insertSectionProgress(db, reader, MATERIAL, section, completedAt);
    }
    expect((await expectDashboardMatchesRows()).figures.completed).toBe(2);

    // A revision of the first section adds a paragraph neither reader has read; published at start-up.
    const first = material.sections[0]!;
    const added = await simulateEarlierVersion(db, MATERIAL, first);
    expect(await syncMaterialCatalog()).toContain(MATERIAL);

    const dashboard = await expectDashboardMatchesRows();
    expect(dashboard.figures).toMatchObject({ completed: 0, inProgress: 2, notStarted: 0 });
    expect(dashboard.sections[0]).toMatchObject({ started: 2, completed: 0 });
    const total = material.sections.length;
    for (const reader of [USERS.readerA.id, USERS.readerA1.id]) {
      const mine = (await getReaderMaterialProgress(reader, MATERIAL))!;
      expect(mine.done).toBe(total - 1);
      expect(mine.sections[0]).toMatchObject({ state: "updated", changedParagraphIds: [added] });
    }
    expect((await getPersonReport(actor("adminA"), USERS.readerA1.id, MATERIAL))!.progress.done).toBe(total - 1);
    const [task] = await listMyTasks({ id: USERS.readerA1.id, unitPath: UNITS.a1.path });
    expect(task).toMatchObject({ done: false, sectionsLeft: [{ slug: first.slug }] });

    const query = { unit: UNITS.a.id, material: MATERIAL, sort: "account" as const, dir: "asc" as const, page: 1 };
    const grid = (await getPeoplePage(actor("adminA"), query))!;
    for (const row of grid.rows) {
      expect(row).toMatchObject({ state: "in-progress", sectionsCompleted: total - 1, completedAt: null });
      expect(row.cells[0]).toMatchObject({ state: "updated", completedAt });
    }
    const files = await exportsOfUnitA();
    const firstColumn = first.title.split(" · ")[0]!;
    for (const rows of [files.csv, files.people]) {
      for (const row of rows) {
        expect(row).toMatchObject({ 状态: "进行中", 已完成节数: String(total - 1) });
        expect(row[firstColumn]).toMatch(/^内容已更新·待重读 \d+%（原完成 2026-11-20，15 分钟）$/);
      }
    }
    expect(files.rollup[0]).toMatchObject({ 已完成: "0", 进行中: "2" });

    // A second start finds nothing new to do and changes nothing.
    expect(await syncMaterialCatalog()).toEqual([]);

    // 一科学员 reads the added paragraph: the section and the material are complete again, as of that beat.
    const again = new Date("2026-12-03T01:00:00Z");
    await recordBeat(USERS.readerA1.id, { material: MATERIAL, section: first.slug, version: first.version, viewId: "view-reread", paragraphs: [added], activeSeconds: 30 }, again);
    const after = await expectDashboardMatchesRows();
    expect(after.figures).toMatchObject({ completed: 1, inProgress: 1 });
    expect(after.timeline.at(-1)?.completed).toBe(1);
    expect((await getReaderMaterialProgress(USERS.readerA1.id, MATERIAL))!.done).toBe(total);
    const reread = (await getPeoplePage(actor("adminA"), query))!.rows.find((r) => r.account === "reader-a1")!;
    expect(reread).toMatchObject({ state: "completed", completedAt: again });
  });
});
