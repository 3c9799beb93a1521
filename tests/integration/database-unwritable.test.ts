// A database that answers reads but refuses writes (a read-only or immutable file, a full disk, a
// read-only PostgreSQL server after a failover): /api/health must say so (503, naming the cause), and
// every write route must answer JSON 503 — the answer on which the reading tracker and the notes
// autosave keep their copy and retry — instead of an empty 500. Runs on SQLite and PostgreSQL.
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signInAs, useAccountFixture } from "./admin/fixtures";
import { TEST_DATABASE } from "./helpers/database";
import { call, createBody, MATERIAL, routes } from "./notes/helpers";

vi.mock("next/headers", () => import("./helpers/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

useAccountFixture();

/**
 * Makes the test database refuse writes as a read-only one does, on every connection the app holds:
 * SQLite's query_only (the same SQLITE_READONLY an immutable or read-only file gives), PostgreSQL's
 * default_transaction_read_only for new sessions (as on a standby), with the app's pool reopened.
 */
async function setReadOnly(readOnly: boolean): Promise<void> {
  const { getDb, closeDb } = await import("@/lib/db");
  const { executeStatement } = await import("@/lib/sql");
  const { Prisma } = await import("@/lib/generated/prisma/client");
  if (TEST_DATABASE === "sqlite") {
    const pragma = `PRAGMA query_only = ${readOnly ? "ON" : "OFF"}`;
    await (await getDb()).$queryRawUnsafe(pragma);
    await executeStatement(Prisma.raw(pragma));
  } else {
    const name = new URL(process.env.DATABASE_URL ?? "").pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.POSTGRES_TEST_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" ${readOnly ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only"}`);
    } finally {
      await admin.end();
    }
    await closeDb();
  }
  (await import("@/lib/health")).resetWriteProbe();
}

afterEach(async () => {
  await setReadOnly(false);
  vi.restoreAllMocks();
});

async function health(): Promise<{ status: number; body: { status: string; database: Record<string, unknown> } }> {
  const { GET } = await import("@/app/api/health/route");
  const response = await GET();
  return { status: response.status, body: (await response.json()) as { status: string; database: Record<string, unknown> } };
}

function expectDatabaseRefusal(result: { status: number; json: Record<string, unknown>; response: Response }): void {
  expect(result.status).toBe(503);
  expect(result.response.headers.get("retry-after")).toBe("5");
  expect(result.json).toMatchObject({ ok: false, error: "database_unavailable", cause: "read_only" });
  expect(result.json.message).toMatch(/数据库暂时无法保存数据/);
}

describe(`a database that refuses writes (${TEST_DATABASE})`, () => {
  it("turns /api/health from 200 to 503 naming the cause, and back when writes work again", async () => {
    const { getDb } = await import("@/lib/db");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const healthy = await health();
    expect(healthy.status).toBe(200);
    expect(healthy.body.database).toMatchObject({ status: "ok", writable: true });
    // The probe really wrote: the one heartbeat row.
    expect(await (await getDb()).heartbeat.findMany({ select: { id: true } })).toEqual([{ id: 1 }]);

    await setReadOnly(true);
    const failing = await health();
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({ status: "error", database: { status: "error", provider: TEST_DATABASE, cause: "read_only" } });
    expect(failing.body.database.error).toMatch(/read-only/);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^\[health\] database check failed: the database is read-only/));

    await setReadOnly(false);
    expect((await health()).status).toBe(200);
  });

  it("answers a reading beat with JSON 503, and the tracker's retry is then recorded", async () => {
    const { getSection } = await import("@/lib/content");
    const { getDb } = await import("@/lib/db");
    vi.spyOn(console, "error").mockImplementation(() => {});
    const section = getSection(MATERIAL, "part-1")!.section;
    const beat = { material: MATERIAL, section: "part-1", version: section.version, viewId: "view-readonly-01", paragraphs: [section.paragraphs[0]!.id], activeSeconds: 20 };
    await signInAs("readerA1");
    const { POST } = await import("@/app/api/progress/route");
    await setReadOnly(true);
    expectDatabaseRefusal(await call(POST, { method: "POST", path: "/api/progress", body: { beats: [beat] } }));
    await setReadOnly(false);
    const retried = await call(POST, { method: "POST", path: "/api/progress", body: { beats: [beat] } });
    expect(retried.status).toBe(200);
    expect(await (await getDb()).sectionProgress.count()).toBe(1);
  });

  it("answers note and 心得 saves with JSON 503 and logs no private text", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await signInAs("readerA");
    const body = await createBody({ body: "只属于我的私人笔记内容" });
    await setReadOnly(true);
    const { POST } = await routes.notes();
    expectDatabaseRefusal(await call(POST, { method: "POST", path: "/api/notes", body }));
    const { PUT } = await routes.reflections();
    expectDatabaseRefusal(await call(PUT, { method: "PUT", path: "/api/reflections", body: { material: MATERIAL, section: "part-1", body: "私人心得内容", rev: 0 } }));
    const logged = log.mock.calls.flat().map(String).join("\n");
    expect(logged).toContain("database unavailable (read_only)");
    expect(logged).not.toContain("私人");
  });

  it("tells an administrator on the form, keeping what was typed, instead of an error page", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { createUserAction } = await import("@/app/admin/users/actions");
    const { form } = await import("./admin/fixtures");
    await signInAs("sys");
    await setReadOnly(true);
    const state = await createUserAction({ ok: false }, form({ name: "新学员", account: "readonly-new", unitId: "3", role: "READER" }));
    expect(state).toMatchObject({ ok: false, message: "数据库暂时无法保存数据，本次操作没有保存，请稍后重试", values: { name: "新学员", account: "readonly-new" } });
    expect(state.oneTimePassword).toBeUndefined();
  });
});
