import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/database";

let database: TestDatabase;

beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

type Row = Record<string, unknown>;

describe("the SQLite connection", () => {
  it("runs in WAL mode with NORMAL sync, a busy timeout and foreign keys on", async () => {
    const { getDb, SQLITE_BUSY_TIMEOUT_MS } = await import("@/lib/db");
    const db = await getDb();
    const read = async (pragma: string) => Object.values((await db.$queryRawUnsafe<Row[]>(`PRAGMA ${pragma}`))[0] ?? {})[0];
    expect(await read("journal_mode")).toBe("wal");
    expect(Number(await read("synchronous"))).toBe(1); // 1 = NORMAL
    expect(Number(await read("busy_timeout"))).toBe(SQLITE_BUSY_TIMEOUT_MS);
    expect(Number(await read("foreign_keys"))).toBe(1);
    expect(SQLITE_BUSY_TIMEOUT_MS).toBeGreaterThanOrEqual(5000);
  });

  it("opens the file named by DATABASE_URL and shares one client", async () => {
    const { getDb } = await import("@/lib/db");
    const [a, b] = await Promise.all([getDb(), getDb()]);
    expect(a).toBe(b);
    const rows = await a.$queryRawUnsafe<Array<{ file: string }>>("SELECT file FROM pragma_database_list WHERE name = 'main'");
    expect(rows[0]?.file).toBe(database.file);
  });
});

describe("section revisions", () => {
  it("records each section's version once, however often the server starts", async () => {
    const { syncSectionRevisions } = await import("@/lib/content/revisions");
    const { listMaterials } = await import("@/lib/content");
    const { getDb } = await import("@/lib/db");
    const sections = listMaterials().flatMap((m) => m.sections);
    expect(await syncSectionRevisions()).toBe(sections.length);
    expect(await Promise.all([syncSectionRevisions(), syncSectionRevisions()])).toEqual([0, 0]);
    const db = await getDb();
    const rows = await db.sectionRevision.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.version)).toEqual(sections.map((s) => s.version));
    const stored = JSON.parse(rows[0]?.paragraphs ?? "[]") as Array<{ id: string; text: string }>;
    expect(stored).toEqual(sections[0]?.paragraphs.map(({ id, text }) => ({ id, text })));
    expect(rows[0]?.createdAt).toBeInstanceOf(Date);
    expect(Math.abs((rows[0]?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });
});

describe("the health report", () => {
  it("reports the database, its settings, applied migrations and content", async () => {
    const { getHealthReport } = await import("@/lib/health");
    const report = await getHealthReport();
    expect(report.status).toBe("ok");
    expect(report.database).toMatchObject({ status: "ok", journalMode: "wal", foreignKeys: true });
    expect(report.database.migrationsApplied).toBeGreaterThan(0);
    expect(report.database.latestMigration).toMatch(/^\d{14}_/);
    expect(report.content).toEqual({ materials: 1, sections: 11 });
  });
});
