import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";
import { insertSectionProgress } from "../helpers/progress";

let database: TestDatabase;
beforeAll(async () => {
  database = createTestDatabase();
  // MaterialInfo (section counts) drives ReaderMaterial.completedAt, as at server start.
  const { syncMaterialCatalog } = await import("@/lib/reports/counters");
  await syncMaterialCatalog();
});
afterAll(() => database.remove());

const MATERIAL = "deep-poverty-speech";
let counter = 0;

async function lib() {
  const [{ getMaterial }, record, { getDb }] = await Promise.all([import("@/lib/content"), import("@/lib/quiz/record"), import("@/lib/db")]);
  return { getMaterial, ...record, db: await getDb() };
}

async function newReader() {
  const { db } = await lib();
  counter += 1;
  const unit = await insertUnit(db, `档案单位${counter}`, `REC-${counter}`);
  return (await insertUser(db, { account: `record-${counter}`, unitId: unit.id })).id;
}

/** Completes every section, the last one at `last` (the material's completion time). */
async function completeMaterial(userId: number, last: Date, sections?: number) {
  const { db, getMaterial } = await lib();
  const all = getMaterial(MATERIAL)?.sections ?? [];
  for (const [index, section] of all.slice(0, sections ?? all.length).entries()) {
    await insertSectionProgress(db, userId, MATERIAL, section, new Date(last.getTime() - (all.length - 1 - index) * 60_000));
  }
}

async function addAttempt(userId: number, correct: number, submittedAt: Date) {
  const { db } = await lib();
  await db.quizAttempt.create({
    data: {
      id: `rec-${userId}-${correct}-${submittedAt.getTime()}`.padEnd(22, "x").slice(0, 22), userId, materialSlug: MATERIAL, questions: "[]", passPercent: 80,
      openedAt: submittedAt, expiresAt: new Date(submittedAt.getTime() + 7_200_000), submittedAt, answers: "{}", correct, total: 5, passed: correct >= 4,
    },
  });
}

describe("学习档案", () => {
  it("lists a completed material in the China-time year it was completed, with 学时, the best score and the year's total", async () => {
    const { getMyRecord } = await lib();
    const reader = await newReader();
    // 2025-12-31 17:30 UTC is 2026-01-01 01:30 in China: a 2026 completion.
    await completeMaterial(reader, new Date("2025-12-31T17:30:00Z"));
    await addAttempt(reader, 2, new Date("2026-01-02T08:00:00Z"));
    await addAttempt(reader, 5, new Date("2026-01-03T08:00:00Z"));
    await addAttempt(reader, 4, new Date("2026-01-04T08:00:00Z"));
    const record = await getMyRecord(reader);
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({ year: 2026, hours: 2 });
    expect(record[0]?.entries).toEqual([
      expect.objectContaining({ materialSlug: MATERIAL, hours: 2, best: { correct: 5, total: 5, passed: true }, completedAt: new Date("2025-12-31T17:30:00Z") }),
    ]);
  });

  it("leaves out a material not read in full, and shows 未测试 (no score) without attempts", async () => {
    const { getMyRecord } = await lib();
    const partial = await newReader();
    await completeMaterial(partial, new Date("2026-03-01T08:00:00Z"), 10);
    expect(await getMyRecord(partial)).toEqual([]);
    const untested = await newReader();
    await completeMaterial(untested, new Date("2024-05-01T08:00:00Z"));
    const record = await getMyRecord(untested);
    expect(record.map((y) => y.year)).toEqual([2024]);
    expect(record[0]?.entries[0]?.best).toBeNull();
  });

  it("shows only the reader's own record", async () => {
    const { getMyRecord } = await lib();
    const a = await newReader();
    const b = await newReader();
    await completeMaterial(a, new Date("2026-02-01T08:00:00Z"));
    await addAttempt(a, 5, new Date("2026-02-02T08:00:00Z"));
    await addAttempt(b, 1, new Date("2026-02-02T08:00:00Z"));
    expect(await getMyRecord(b)).toEqual([]);
    expect((await getMyRecord(a))[0]?.entries[0]?.best?.correct).toBe(5);
  });
});
