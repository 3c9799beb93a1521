import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";
import { insertSectionProgress } from "../helpers/progress";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

const MATERIAL = "deep-poverty-speech";
let counter = 0;

async function lib() {
  const [content, attempts, errors, { getDb }, { getQuizBank }] = await Promise.all([
    import("@/lib/content"),
    import("@/lib/quiz/attempts"),
    import("@/lib/quiz/errors"),
    import("@/lib/db"),
    import("@/lib/quiz"),
  ]);
  return { ...content, ...attempts, ...errors, getQuizBank, db: await getDb() };
}

/** A reader in a unit of their own; assigned the material and with every section read, unless told otherwise. */
async function newReader(options: { assigned?: boolean; sectionsRead?: number } = {}) {
  const { db, getMaterial } = await lib();
  counter += 1;
  const parent = await insertUnit(db, `测试上级${counter}`, `QZP-${counter}`);
  const unit = await insertUnit(db, `测试单位${counter}`, `QZ-${counter}`, parent);
  const user = await insertUser(db, { account: `quiz-${counter}`, unitId: unit.id });
  // Assigned to the unit above: a reader's tasks include their units' ancestors' assignments.
  if (options.assigned ?? true) await db.assignment.create({ data: { materialSlug: MATERIAL, unitId: parent.id, startDate: "2026-01-01", dueDate: "2026-12-31" } });
  const sections = getMaterial(MATERIAL)?.sections ?? [];
  for (const section of sections.slice(0, options.sectionsRead ?? sections.length)) {
    await insertSectionProgress(db, user.id, MATERIAL, section, new Date("2026-06-01T08:00:00Z"));
  }
  return { id: user.id, unitPath: unit.path };
}

/** The stored questions of an attempt with their key (as only the server sees them). */
async function storedQuestions(attemptId: string) {
  const { db } = await lib();
  const row = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  return JSON.parse(row.questions) as Array<{ id: string; type: string; options: Array<{ id: string }>; answer: string[] }>;
}

async function rightAnswers(attemptId: string) {
  return Object.fromEntries((await storedQuestions(attemptId)).map((q) => [q.id, q.answer]));
}

async function wrongAnswers(attemptId: string) {
  return Object.fromEntries(
    (await storedQuestions(attemptId)).map((q) => {
      const wrong = q.options.find((o) => !q.answer.includes(o.id));
      return [q.id, [wrong?.id ?? ""]];
    }),
  );
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

const t0 = new Date("2026-06-02T08:00:00Z");
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("opening a test", () => {
  it("draws questionsPerTest questions and shows no answer key", async () => {
    const { openTest, getMyAttempt, getQuizBank } = await lib();
    const reader = await newReader();
    const id = await openTest(reader, MATERIAL, t0);
    const view = await getMyAttempt(reader, MATERIAL, id);
    expect(view?.state).toBe("open");
    if (view?.state !== "open") return;
    expect(view.questions).toHaveLength(getQuizBank(MATERIAL)?.questionsPerTest ?? 0);
    const shown = JSON.stringify(view.questions);
    expect(shown).not.toContain("answer");
    expect(shown).not.toContain("explanation");
    expect(view.expiresAt.getTime() - view.openedAt.getTime()).toBe(2 * 60 * 60 * 1000);
  });

  it("returns the open test instead of drawing a second one", async () => {
    const { openTest, db } = await lib();
    const reader = await newReader();
    const first = await openTest(reader, MATERIAL, t0);
    expect(await openTest(reader, MATERIAL, later(5))).toBe(first);
    expect(await db.quizAttempt.count({ where: { userId: reader.id } })).toBe(1);
  });

  it("stores one test when two opens race, and both get it", async () => {
    const { openTest, db } = await lib();
    for (let round = 0; round < 3; round++) {
      const reader = await newReader();
      const ids = await Promise.all([openTest(reader, MATERIAL, t0), openTest(reader, MATERIAL, t0), openTest(reader, MATERIAL, t0)]);
      expect(new Set(ids).size).toBe(1);
      expect(await db.quizAttempt.count({ where: { userId: reader.id } })).toBe(1);
    }
  });

  it("refuses a material not assigned to the reader, and one not read in full", async () => {
    const { openTest, db } = await lib();
    const unassigned = await newReader({ assigned: false });
    expect(await refusal(openTest(unassigned, MATERIAL, t0))).toMatchObject({ status: 403, code: "not_assigned", message: expect.stringContaining("没有布置") });
    const halfRead = await newReader({ sectionsRead: 10 });
    expect(await refusal(openTest(halfRead, MATERIAL, t0))).toMatchObject({ code: "not_read", message: "请先学完全部章节再参加测试（还有 1 节未学完）" });
    expect(await db.quizAttempt.count({ where: { userId: { in: [unassigned.id, halfRead.id] } } })).toBe(0);
  });

  it("refuses a material without a bank", async () => {
    const { openTest } = await lib();
    const reader = await newReader();
    expect(await refusal(openTest(reader, "no-such-material", t0))).toMatchObject({ status: 404, code: "no_test" });
  });
});

describe("submitting a test", () => {
  it("grades on the server: all right passes, all wrong fails, with explanations and paragraphs", async () => {
    const { openTest, submitTest, getMyAttempt } = await lib();
    const reader = await newReader();
    const failed = await openTest(reader, MATERIAL, t0);
    const grade = await submitTest(reader, failed, await wrongAnswers(failed), later(10));
    expect(grade).toMatchObject({ correct: 0, total: 5, passed: false });
    expect(grade.questions.every((q) => q.explanation.length > 0 && q.paragraphId.startsWith("p-"))).toBe(true);
    const passed = await openTest(reader, MATERIAL, later(11));
    expect(passed).not.toBe(failed);
    expect(await submitTest(reader, passed, await rightAnswers(passed), later(20))).toMatchObject({ correct: 5, passed: true });
    const view = await getMyAttempt(reader, MATERIAL, passed);
    expect(view?.state === "graded" && view.grade.correct).toBe(5);
  });

  it("refuses a second submission and a replay, keeping the first answers", async () => {
    const { openTest, submitTest, db } = await lib();
    const reader = await newReader();
    const id = await openTest(reader, MATERIAL, t0);
    const wrong = await wrongAnswers(id);
    await submitTest(reader, id, wrong, later(10));
    const before = await db.quizAttempt.findUniqueOrThrow({ where: { id } });
    expect(await refusal(submitTest(reader, id, await rightAnswers(id), later(11)))).toMatchObject({
      status: 409, code: "already_submitted", message: expect.stringContaining("不能重复提交"),
    });
    expect(await refusal(submitTest(reader, id, wrong, later(12)))).toMatchObject({ code: "already_submitted" });
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });

  it("stores exactly one of two submissions at the same time", async () => {
    const { openTest, submitTest, db } = await lib();
    for (let round = 0; round < 3; round++) {
      const reader = await newReader();
      const id = await openTest(reader, MATERIAL, t0);
      const [right, wrong] = [await rightAnswers(id), await wrongAnswers(id)];
      const results = await Promise.allSettled([submitTest(reader, id, right, later(10)), submitTest(reader, id, wrong, later(10))]);
      const stored = results.filter((r) => r.status === "fulfilled");
      expect(stored).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected");
      expect(rejected?.status === "rejected" && (rejected.reason as { code?: string }).code).toBe("already_submitted");
      const row = await db.quizAttempt.findUniqueOrThrow({ where: { id } });
      const winner = stored[0]?.status === "fulfilled" ? stored[0].value : undefined;
      expect(row.correct).toBe(winner?.correct);
      expect(row.passed).toBe(winner?.passed);
    }
  });

  it("refuses answers after the test was opened + 2 hours, storing nothing", async () => {
    const { openTest, submitTest, db } = await lib();
    const reader = await newReader();
    const id = await openTest(reader, MATERIAL, t0);
    expect(await refusal(submitTest(reader, id, await rightAnswers(id), later(121)))).toMatchObject({
      status: 410, code: "expired", message: expect.stringContaining("2 小时"),
    });
    expect((await db.quizAttempt.findUniqueOrThrow({ where: { id } })).submittedAt).toBeNull();
    // An expired test is not the open one: opening again draws a new test.
    expect(await openTest(reader, MATERIAL, later(122))).not.toBe(id);
  });

  it("refuses option ids that do not belong to the question, and unanswered questions", async () => {
    const { openTest, submitTest, db } = await lib();
    const reader = await newReader();
    const id = await openTest(reader, MATERIAL, t0);
    const questions = await storedQuestions(id);
    const answers = await rightAnswers(id);
    const [first, second] = questions;
    if (!first || !second) throw new Error("expected questions");
    const foreign = second.options.find((o) => !first.options.some((own) => own.id === o.id))?.id ?? "z";
    expect(await refusal(submitTest(reader, id, { ...answers, [first.id]: [foreign] }, later(5)))).toMatchObject({ status: 422, code: "unknown_option" });
    expect(await refusal(submitTest(reader, id, { ...answers, [first.id]: ["z"] }, later(5)))).toMatchObject({ code: "unknown_option" });
    expect(await refusal(submitTest(reader, id, { ...answers, "not-a-question": ["a"] }, later(5)))).toMatchObject({ code: "unknown_question" });
    const { [first.id]: _gap, ...partial } = answers;
    expect(await refusal(submitTest(reader, id, partial, later(5)))).toMatchObject({ code: "unanswered", message: "第 1 题还没有作答，请作答后再交卷" });
    expect((await db.quizAttempt.findUniqueOrThrow({ where: { id } })).submittedAt).toBeNull();
    expect(await submitTest(reader, id, answers, later(6))).toMatchObject({ passed: true });
  });

  it("does not let one reader see or submit another's test", async () => {
    const { openTest, submitTest, getMyAttempt } = await lib();
    const owner = await newReader();
    const other = await newReader();
    const id = await openTest(owner, MATERIAL, t0);
    expect(await getMyAttempt(other, MATERIAL, id)).toBeUndefined();
    expect(await refusal(submitTest(other, id, await rightAnswers(id), later(5)))).toMatchObject({ status: 404, code: "not_found" });
    expect(await getMyAttempt(owner, MATERIAL, id)).toBeDefined();
  });
});
