// 测试次数上限: the limit of the assignment on the reader's unit or the nearest unit above applies;
// a test beyond it is refused with nothing stored, also when two opens race at the limit.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";
import { insertSectionProgress } from "../helpers/progress";

vi.mock("next/headers", () => import("../helpers/next-request"));

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

const MATERIAL = "deep-poverty-speech";
let counter = 0;

async function lib() {
  const [content, attempts, errors, assignments, { getDb }] = await Promise.all([
    import("@/lib/content"),
    import("@/lib/quiz/attempts"),
    import("@/lib/quiz/errors"),
    import("@/lib/assignments"),
    import("@/lib/db"),
  ]);
  return { ...content, ...attempts, ...errors, ...assignments, db: await getDb() };
}

/** A reader two levels below an assignment with the given limit, every section read. */
async function newReader(maxAttempts: number | null) {
  const { db, getMaterial } = await lib();
  counter += 1;
  const top = await insertUnit(db, `限次上级${counter}`, `LIM-${counter}`);
  const middle = await insertUnit(db, `限次中间${counter}`, `LIM-M-${counter}`, top);
  const unit = await insertUnit(db, `限次单位${counter}`, `LIM-U-${counter}`, middle);
  const user = await insertUser(db, { account: `limit-${counter}`, unitId: unit.id });
  const assignment = await db.assignment.create({ data: { materialSlug: MATERIAL, unitId: middle.id, startDate: "2026-01-01", dueDate: "2026-12-31", maxAttempts } });
  for (const section of getMaterial(MATERIAL)?.sections ?? []) {
    await insertSectionProgress(db, user.id, MATERIAL, section, new Date("2026-06-01T08:00:00Z"));
  }
  return { reader: { id: user.id, unitPath: unit.path }, top, middle, assignment };
}

const t0 = new Date("2026-06-02T08:00:00Z");
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function takeOne(reader: { id: number; unitPath: string }, at: Date) {
  const { openTest, submitTest, db } = await lib();
  const id = await openTest(reader, MATERIAL, at);
  const row = await db.quizAttempt.findUniqueOrThrow({ where: { id } });
  const answers = Object.fromEntries((JSON.parse(row.questions) as Array<{ id: string; answer: string[] }>).map((q) => [q.id, q.answer]));
  await submitTest(reader, id, answers, new Date(at.getTime() + 60_000));
  return id;
}

async function refusal(promise: Promise<unknown>) {
  const { QuizError } = await lib();
  try {
    await promise;
  } catch (error) {
    if (error instanceof QuizError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

const stored = async (userId: number) => (await lib()).db.quizAttempt.count({ where: { userId, materialSlug: MATERIAL } });

describe("attempt limits", () => {
  it("counts tests used against the nearest assignment's limit and refuses one more in Chinese, storing nothing", async () => {
    const { getTestEligibility, openTest } = await lib();
    const { reader } = await newReader(2);
    expect(await getTestEligibility(reader, MATERIAL)).toEqual({ ok: true, attempts: { used: 0, limit: 2 } });
    await takeOne(reader, t0);
    expect(await getTestEligibility(reader, MATERIAL)).toEqual({ ok: true, attempts: { used: 1, limit: 2 } });
    await takeOne(reader, later(5));
    const eligibility = await getTestEligibility(reader, MATERIAL);
    expect(eligibility).toMatchObject({ ok: false, code: "limit_reached", attempts: { used: 2, limit: 2 } });
    const refused = await refusal(openTest(reader, MATERIAL, later(10)));
    expect(refused).toMatchObject({ status: 403, code: "limit_reached" });
    expect(refused.message).toContain("最多可以测试 2 次");
    expect(await stored(reader.id)).toBe(2);
  });

  it("reopens a test still open at the limit instead of refusing it", async () => {
    const { openTest } = await lib();
    const { reader } = await newReader(1);
    const id = await openTest(reader, MATERIAL, t0);
    expect(await openTest(reader, MATERIAL, later(1))).toBe(id);
    expect(await stored(reader.id)).toBe(1);
  });

  it("leaves tests unlimited without a limit", async () => {
    const { getTestEligibility } = await lib();
    const { reader } = await newReader(null);
    for (let i = 0; i < 4; i++) await takeOne(reader, later(i * 5));
    expect(await getTestEligibility(reader, MATERIAL)).toEqual({ ok: true, attempts: { used: 4, limit: null } });
  });

  it("stores one test when two opens race one below the limit, and none when they race at it", async () => {
    const { openTest, db } = await lib();
    const { reader } = await newReader(2);
    await takeOne(reader, t0);
    const ids = await Promise.all([openTest(reader, MATERIAL, later(5)), openTest(reader, MATERIAL, later(5))]);
    expect(ids[0]).toBe(ids[1]);
    expect(await stored(reader.id)).toBe(2);
    // Close the second one, then race two more at the limit.
    await db.quizAttempt.update({ where: { id: ids[0] }, data: { submittedAt: later(6), openKey: null, answers: "{}", correct: 0, passed: false } });
    const results = await Promise.allSettled([openTest(reader, MATERIAL, later(10)), openTest(reader, MATERIAL, later(10))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await stored(reader.id)).toBe(2);
  });

  it("takes the limit from the assignment form and audits a change to it", async () => {
    const { createAssignment, updateAssignmentAttemptLimit, db } = await lib();
    counter += 1;
    const unit = await insertUnit(db, `表单单位${counter}`, `LIM-F-${counter}`);
    const admin = await insertUser(db, { account: `limit-admin-${counter}`, unitId: unit.id, role: "UNIT_ADMIN" });
    const actor = { id: admin.id, role: "UNIT_ADMIN" as const, unitPath: unit.path, account: admin.account };
    const id = await createAssignment(actor, { materialSlug: MATERIAL, unitId: unit.id, startDate: "2026-01-01", dueDate: "2099-12-31", maxAttempts: 3 });
    expect((await db.assignment.findUniqueOrThrow({ where: { id } })).maxAttempts).toBe(3);
    await updateAssignmentAttemptLimit(actor, id, null);
    expect((await db.assignment.findUniqueOrThrow({ where: { id } })).maxAttempts).toBeNull();
    const audit = await db.auditLog.findMany({ where: { targetType: "assignment", targetId: String(id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, JSON.parse(a.detail ?? "{}").maxAttempts])).toEqual([
      ["assignment.create", 3],
      ["assignment.update", "unlimited"],
    ]);
    expect(JSON.parse(audit[1]!.detail ?? "{}").previousMaxAttempts).toBe(3);
    // Another unit's administrator cannot change it: answered like a missing assignment.
    const other = await insertUnit(db, `其他单位${counter}`, `LIM-O-${counter}`);
    const outsider = { id: admin.id, role: "UNIT_ADMIN" as const, unitPath: other.path, account: "outsider" };
    await expect(updateAssignmentAttemptLimit(outsider, id, 1)).rejects.toMatchObject({ name: "NotFoundError" });
    expect((await db.assignment.findUniqueOrThrow({ where: { id } })).maxAttempts).toBeNull();
  });
});
