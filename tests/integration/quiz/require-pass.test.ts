// 需通过测试 (issue 17, item 3): an assignment that requires passing the self-test makes its readers
// complete the material only once they have read it AND passed. Checked through the one place every
// figure reads (ReaderMaterial.completedAt and the unit counters kept from it), against a brute-force
// recomputation, after concurrent attempts, a requirement set, cleared and withdrawn, and a reader
// and a unit moving out from under the assignment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";
import { insertSectionProgress } from "../helpers/progress";

let database: TestDatabase;
beforeAll(async () => {
  database = createTestDatabase();
  await (await import("@/lib/reports/counters")).syncMaterialCatalog(); // the material's section count
});
afterAll(async () => {
  (await import("@/lib/sql")).closeSqlConnection();
  database.remove();
});

const MATERIAL = "deep-poverty-speech";
const ADMIN = { id: 0, role: "SYSTEM_ADMIN" as const, unitPath: "/", account: "root-admin" };

async function lib() {
  const [content, attempts, assignments, { getDb }, users, units, counters, tasks] = await Promise.all([
    import("@/lib/content"),
    import("@/lib/quiz/attempts"),
    import("@/lib/assignments"),
    import("@/lib/db"),
    import("@/lib/users"),
    import("@/lib/units"),
    import("@/lib/reports/counters"),
    import("@/lib/my-tasks"),
  ]);
  const material = content.getMaterial(MATERIAL);
  if (!material) throw new Error("demo material missing");
  return { material, ...attempts, ...assignments, ...users, ...units, ...counters, ...tasks, db: await getDb() };
}

type Unit = { id: number; path: string; depth: number };
type Reader = { id: number; unitPath: string };

async function readAll(reader: Reader, at: Date) {
  const { db, material } = await lib();
  for (const section of material.sections) await insertSectionProgress(db, reader.id, MATERIAL, section, at);
}

async function takeTest(reader: Reader, pass: boolean, at: Date) {
  const { db, openTest, submitTest } = await lib();
  const id = await openTest(reader, MATERIAL, at);
  const row = await db.quizAttempt.findUniqueOrThrow({ where: { id } });
  const questions = JSON.parse(row.questions) as Array<{ id: string; options: Array<{ id: string }>; answer: string[] }>;
  const answers = Object.fromEntries(
    questions.map((q) => [q.id, pass ? q.answer : [q.options.find((o) => !q.answer.includes(o.id))!.id]]),
  );
  return submitTest(reader, id, answers, new Date(at.getTime() + 60_000));
}

async function completedAt(reader: Reader): Promise<Date | null> {
  const { db } = await lib();
  const row = await db.readerMaterial.findUnique({ where: { userId_materialSlug: { userId: reader.id, materialSlug: MATERIAL } } });
  return row?.completedAt ?? null;
}

/**
 * The counters against a recomputation from the raw rows by the rule: counted readers of the unit's
 * subtree with every section completed (current version) and, if an assignment on their unit chain
 * requires it, a passed attempt.
 */
async function expectCountersMatchBruteForce(units: Unit[]) {
  const { db, material } = await lib();
  const [users, progress, attempts, assignments, allUnits, counters] = await Promise.all([
    db.user.findMany({ where: { role: "READER", disabled: false }, select: { id: true, unit: { select: { path: true } } } }),
    db.sectionProgress.findMany({ where: { materialSlug: MATERIAL }, select: { userId: true, sectionSlug: true, version: true, completedVersion: true } }),
    db.quizAttempt.findMany({ where: { materialSlug: MATERIAL, passed: true }, select: { userId: true } }),
    db.assignment.findMany({ where: { materialSlug: MATERIAL }, select: { requirePass: true, unit: { select: { path: true } } } }),
    db.unit.findMany({ select: { id: true, path: true } }),
    db.unitMaterialCount.findMany({ where: { materialSlug: MATERIAL } }),
  ]);
  const passed = new Set(attempts.map((a) => a.userId));
  const complete = (user: (typeof users)[number]) => {
    const done = new Set(progress.filter((p) => p.userId === user.id && p.completedVersion === p.version).map((p) => p.sectionSlug));
    if (!material.sections.every((s) => done.has(s.slug))) return false;
    const required = assignments.some((a) => a.requirePass && user.unit.path.startsWith(a.unit.path));
    return !required || passed.has(user.id);
  };
  for (const unit of units) {
    const path = allUnits.find((u) => u.id === unit.id)!.path;
    const expected = users.filter((u) => u.unit.path.startsWith(path) && complete(u)).length;
    const stored = counters.find((c) => c.unitId === unit.id)?.completed ?? 0;
    expect({ unit: unit.id, completed: stored }).toEqual({ unit: unit.id, completed: expected });
  }
}

const day = (d: number) => new Date(Date.UTC(2026, 5, d, 8));

describe("需通过测试", () => {
  let root: Unit, a: Unit, b: Unit, other: Unit;
  let assignmentId: number;
  const readers: Reader[] = [];

  it("withholds completion from a reader who has read everything until they pass", async () => {
    const { db, createAssignment } = await lib();
    root = await insertUnit(db, "必考根单位", "RP");
    a = await insertUnit(db, "必考甲", "RP-A", root);
    b = await insertUnit(db, "必考乙", "RP-B", a);
    other = await insertUnit(db, "不必考单位", "RP-O");
    for (const [i, unit] of [a, a, b, b, b, other].entries()) {
      const user = await insertUser(db, { account: `rp-${i}`, unitId: unit.id });
      readers.push({ id: user.id, unitPath: unit.path });
    }
    assignmentId = await createAssignment(ADMIN, { materialSlug: MATERIAL, unitId: a.id, startDate: "2026-06-01", dueDate: "2026-12-31", requirePass: true });
    await createAssignment(ADMIN, { materialSlug: MATERIAL, unitId: other.id, startDate: "2026-06-01", dueDate: "2026-12-31" });
    for (const reader of readers) await readAll(reader, day(2));
    // Read in full: complete only where no pass is required.
    expect(await completedAt(readers[0]!)).toBeNull();
    expect(await completedAt(readers[5]!)).toEqual(day(2));
    await expectCountersMatchBruteForce([root, a, b, other]);

    const failed = await takeTest(readers[0]!, false, day(3));
    expect(failed.passed).toBe(false);
    expect(await completedAt(readers[0]!)).toBeNull();
    const passedGrade = await takeTest(readers[0]!, true, day(4));
    expect(passedGrade.passed).toBe(true);
    // Completed when the test was passed (graded a minute after opening).
    expect(await completedAt(readers[0]!)).toEqual(new Date(day(4).getTime() + 60_000));
    await expectCountersMatchBruteForce([root, a, b, other]);
  });

  it("counts each pass once when readers submit at the same time, and a replayed submission adds nothing", async () => {
    const { db, openTest, submitTest } = await lib();
    const group = readers.slice(1, 5);
    const graded = new Date(day(5).getTime() + 600_000); // within the 2-hour window
    const opened = await Promise.all(group.map(async (reader) => ({ reader, id: await openTest(reader, MATERIAL, day(5)) })));
    const submissions = opened.flatMap(({ reader, id }) => [0, 1].map(async () => {
      const row = await db.quizAttempt.findUniqueOrThrow({ where: { id } });
      const questions = JSON.parse(row.questions) as Array<{ id: string; answer: string[] }>;
      return submitTest(reader, id, Object.fromEntries(questions.map((q) => [q.id, q.answer])), graded).then(() => "stored", () => "refused");
    }));
    const outcomes = await Promise.all(submissions);
    expect(outcomes.filter((o) => o === "stored")).toHaveLength(group.length);
    for (const reader of group) expect(await completedAt(reader)).toEqual(graded);
    await expectCountersMatchBruteForce([root, a, b, other]);
    const figures = await db.unitMaterialCount.findUniqueOrThrow({ where: { unitId_materialSlug: { unitId: a.id, materialSlug: MATERIAL } } });
    expect(figures.completed).toBe(5);
  });

  it("follows the requirement when it is cleared, set again and the assignment withdrawn", async () => {
    const { db, updateAssignmentRequirePass, deleteAssignment, createAssignment } = await lib();
    const late = { id: (await insertUser(db, { account: "rp-late", unitId: b.id })).id, unitPath: b.path };
    await readAll(late, day(7));
    expect(await completedAt(late)).toBeNull();
    await updateAssignmentRequirePass(ADMIN, assignmentId, false);
    expect(await completedAt(late)).toEqual(day(7)); // reading was enough: completed when read
    await expectCountersMatchBruteForce([root, a, b, other]);
    await updateAssignmentRequirePass(ADMIN, assignmentId, true);
    expect(await completedAt(late)).toBeNull();
    expect(await completedAt(readers[1]!)).toEqual(new Date(day(5).getTime() + 600_000)); // passed: still complete
    await expectCountersMatchBruteForce([root, a, b, other]);
    await deleteAssignment(ADMIN, assignmentId);
    expect(await completedAt(late)).toEqual(day(7));
    await expectCountersMatchBruteForce([root, a, b, other]);
    assignmentId = await createAssignment(ADMIN, { materialSlug: MATERIAL, unitId: a.id, startDate: "2026-06-01", dueDate: "2026-12-31", requirePass: true });
    expect(await completedAt(late)).toBeNull();
    await expectCountersMatchBruteForce([root, a, b, other]);
  });

  it("re-gates a reader who moves, and a unit moved, out from under the requirement and back", async () => {
    const { db, updateUser, updateUnit } = await lib();
    const late = await db.user.findUniqueOrThrow({ where: { account: "rp-late" } });
    const reader = { id: late.id, unitPath: b.path };
    await updateUser(ADMIN, late.id, { name: late.name, role: "READER", unitId: other.id });
    expect(await completedAt(reader)).toEqual(day(7));
    await expectCountersMatchBruteForce([root, a, b, other]);
    await updateUser(ADMIN, late.id, { name: late.name, role: "READER", unitId: b.id });
    expect(await completedAt(reader)).toBeNull();
    await expectCountersMatchBruteForce([root, a, b, other]);
    // Unit 乙 moves under the root (out of 甲's assignment): its unpassed reader completes.
    await updateUnit(ADMIN, b.id, { name: "必考乙", code: "RP-B", parentId: root.id });
    expect(await completedAt(reader)).toEqual(day(7));
    await expectCountersMatchBruteForce([root, a, b, other]);
    await updateUnit(ADMIN, b.id, { name: "必考乙", code: "RP-B", parentId: a.id });
    expect(await completedAt(reader)).toBeNull();
    await expectCountersMatchBruteForce([root, a, b, other]);
  });

  it("keeps the rule through a rebuild of the counters from the raw rows", async () => {
    const { rebuildCounters } = await lib();
    const before = await Promise.all(readers.map(completedAt));
    await rebuildCounters(MATERIAL);
    expect(await Promise.all(readers.map(completedAt))).toEqual(before);
    await expectCountersMatchBruteForce([root, a, b, other]);
  });

  it("shows the reader's task as done only once passed, and says a test is what is left", async () => {
    const { db, listMyTasks } = await lib();
    const late = await db.user.findUniqueOrThrow({ where: { account: "rp-late" }, include: { unit: true } });
    const [task] = await listMyTasks({ id: late.id, unitPath: late.unit.path });
    expect(task).toMatchObject({ materialSlug: MATERIAL, done: false, sectionsLeft: [], test: { required: true, passed: false } });
    const [passedTask] = await listMyTasks(readers[1]!);
    expect(passedTask).toMatchObject({ done: true, test: { required: true, passed: true } });
  });
});
