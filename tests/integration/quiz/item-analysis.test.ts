// Item analysis against a brute-force recomputation from seeded graded attempts, on two subtrees:
//   根 R ─ 甲 X ─ 甲一 X1;  R ─ 乙 Y
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

const MATERIAL = "deep-poverty-speech";

async function lib() {
  const [{ getDb }, { getQuizBank }, analysis] = await Promise.all([import("@/lib/db"), import("@/lib/quiz"), import("@/lib/quiz/item-analysis")]);
  return { db: await getDb(), getQuizBank, ...analysis };
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % max;
  };
}

type Seeded = { userId: number; unitPath: string; counted: boolean; questions: Array<{ id: string; answer: string[]; options: Array<{ id: string; text: string }> }>; answers: Record<string, string[]>; graded: boolean };

let tree: Awaited<ReturnType<typeof seed>>;

async function seed() {
  const { db, getQuizBank } = await lib();
  const bank = getQuizBank(MATERIAL)!;
  const r = await insertUnit(db, "分析根", "IA-R");
  const x = await insertUnit(db, "分析甲", "IA-X", r);
  const x1 = await insertUnit(db, "分析甲一", "IA-X1", x);
  const y = await insertUnit(db, "分析乙", "IA-Y", r);
  const next = random(17);
  const seeded: Seeded[] = [];
  let n = 0;
  const people: Array<{ unit: typeof r; role?: "READER" | "UNIT_ADMIN"; disabled?: boolean }> = [
    ...Array.from({ length: 3 }, () => ({ unit: x })),
    ...Array.from({ length: 2 }, () => ({ unit: x1 })),
    ...Array.from({ length: 4 }, () => ({ unit: y })),
    { unit: x, role: "UNIT_ADMIN" as const },
    { unit: y, disabled: true },
  ];
  for (const person of people) {
    n += 1;
    const user = await insertUser(db, { account: `ia-${n}`, unitId: person.unit.id, role: person.role, disabled: person.disabled });
    const tries = 1 + next(3);
    for (let t = 0; t < tries; t++) {
      const usable = bank.questions.filter((q) => !q.needsReview);
      const drawn = [...usable].sort(() => next(3) - 1).slice(0, bank.questionsPerTest);
      const answers: Record<string, string[]> = {};
      for (const q of drawn) {
        const pick = q.options[next(q.options.length)]!.id;
        answers[q.id] = q.type === "multiple" && next(2) === 1 ? [pick, q.options[next(q.options.length)]!.id] : [pick];
      }
      const graded = t < tries - 1 || next(4) !== 0; // some last attempts left open: not counted
      await db.quizAttempt.create({
        data: {
          id: `ia-${n}-${t}-xxxxxxxxxxxxxx`.slice(0, 22),
          userId: user.id,
          materialSlug: MATERIAL,
          questions: JSON.stringify(drawn.map(({ needsReview: _n, ...q }) => q)),
          passPercent: bank.passPercent,
          openedAt: new Date("2026-06-01T08:00:00Z"),
          expiresAt: new Date("2026-06-01T10:00:00Z"),
          total: drawn.length,
          ...(graded ? { submittedAt: new Date("2026-06-01T08:30:00Z"), answers: JSON.stringify(answers), correct: 0, passed: false } : {}),
        },
      });
      seeded.push({ userId: user.id, unitPath: person.unit.path, counted: (person.role ?? "READER") === "READER" && !person.disabled, questions: drawn, answers, graded });
    }
  }
  return { r, x, x1, y, seeded, bank };
}

/** The figures recomputed the slow, obvious way from what was seeded. */
function bruteForce(path: string) {
  const attempts = tree.seeded.filter((a) => a.graded && a.counted && a.unitPath.startsWith(path));
  return tree.bank.questions.map((question) => {
    const including = attempts.filter((a) => a.questions.some((q) => q.id === question.id));
    const correct = including.filter((a) => {
      const chosen = [...new Set(a.answers[question.id])].sort();
      return JSON.stringify(chosen) === JSON.stringify([...question.answer].sort());
    }).length;
    const wrongCounts = question.options
      .filter((o) => !question.answer.includes(o.id))
      .map((o) => ({ text: o.text, count: including.filter((a) => a.answers[question.id]!.includes(o.id)).length }));
    const best = wrongCounts.reduce<{ text: string; count: number } | null>((top, w) => (w.count > (top?.count ?? 0) ? w : top), null);
    return { id: question.id, attempts: including.length, correct, percentCorrect: including.length ? Math.round((correct * 100) / including.length) : null, topWrong: best };
  });
}

beforeAll(async () => {
  tree = await seed();
});

describe("item analysis", () => {
  it("matches a brute-force recomputation for each subtree (graded attempts of counted readers only)", async () => {
    const { getItemAnalysis } = await lib();
    const sys = { id: 0, role: "SYSTEM_ADMIN" as const, unitPath: tree.r.path };
    for (const unit of [tree.r, tree.x, tree.y]) {
      const analysis = await getItemAnalysis(sys, unit.id, MATERIAL);
      expect(analysis, unit.name).not.toBeNull();
      const expected = bruteForce(unit.path);
      expect(analysis!.attempts).toBe(tree.seeded.filter((a) => a.graded && a.counted && a.unitPath.startsWith(unit.path)).length);
      expect(analysis!.questions!.map((q) => ({ id: q.id, attempts: q.attempts, correct: q.correct, percentCorrect: q.percentCorrect, topWrong: q.topWrong && { text: q.topWrong.text, count: q.topWrong.count } }))).toEqual(expected);
    }
    // The two subtrees add up to the root.
    const [x, y, r] = await Promise.all([tree.x, tree.y, tree.r].map((u) => getItemAnalysis(sys, u.id, MATERIAL)));
    expect(x!.attempts + y!.attempts).toBe(r!.attempts);
    expect(r!.questions!.reduce((s, q) => s + q.attempts, 0)).toBeGreaterThan(0);
  });

  it("answers a unit outside the administrator's scope like a missing one", async () => {
    const { getItemAnalysis } = await lib();
    const adminX = { id: 0, role: "UNIT_ADMIN" as const, unitPath: tree.x.path };
    expect(await getItemAnalysis(adminX, tree.x.id, MATERIAL)).not.toBeNull();
    expect(await getItemAnalysis(adminX, tree.x1.id, MATERIAL)).not.toBeNull();
    expect(await getItemAnalysis(adminX, tree.y.id, MATERIAL)).toBeNull();
    expect(await getItemAnalysis(adminX, tree.r.id, MATERIAL)).toBeNull();
    expect(await getItemAnalysis(adminX, 999_999, MATERIAL)).toBeNull();
    expect(await getItemAnalysis(adminX, tree.x.id, "no-such-material")).toBeNull();
    const reader = { id: 0, role: "READER" as const, unitPath: tree.x.path };
    expect(await getItemAnalysis(reader, tree.x.id, MATERIAL)).toBeNull();
  });

  it("shows no per-question figures for fewer than three readers", async () => {
    const { getItemAnalysis, MIN_READERS_FOR_ITEM_ANALYSIS } = await lib();
    const sys = { id: 0, role: "SYSTEM_ADMIN" as const, unitPath: tree.r.path };
    const small = await getItemAnalysis(sys, tree.x1.id, MATERIAL);
    expect(small!.readers).toBeLessThan(MIN_READERS_FOR_ITEM_ANALYSIS);
    expect(small!.questions).toBeNull();
  });
});
