import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "../db";
import { Prisma } from "../generated/prisma/client";
import { getMyMaterialProgress } from "../progress/read";
import { ancestorOrSelfCondition } from "../reports/scope";
import { executeAtomicallyEach, executeStatement, queryRows } from "../sql";
import { passStatement } from "./completion";
import { QuizError } from "./errors";
import { checkAnswers, drawTest, gradeAnswers, toPublicQuestion, type Answers, type Grade, type PublicQuestion, type TestQuestion } from "./grading";
import { getQuizBank } from "./index";

/** Answers are accepted for this long after a test was opened. */
export const ANSWER_WINDOW_MS = 2 * 60 * 60 * 1000;

type Reader = { id: number; unitPath: string };

/** Tests a reader has opened of a material, and the most the assignment that applies allows (null: unlimited). */
export type AttemptAllowance = { used: number; limit: number | null };

export type Eligibility =
  | { ok: true; attempts: AttemptAllowance }
  | { ok: false; code: "no_test" | "under_review" | "not_assigned" | "not_read"; message: string }
  | { ok: false; code: "limit_reached"; message: string; attempts: AttemptAllowance };

/**
 * The 测试次数上限 that applies to a reader: that of the assignment on their unit or the nearest unit
 * above it (the assignment the "assigned" check finds; assignments never overlap along a path).
 */
function limitFor(reader: Reader, materialSlug: string): Prisma.Sql {
  return Prisma.sql`(SELECT a."maxAttempts" FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
    WHERE a."materialSlug" = ${materialSlug} AND ${ancestorOrSelfCondition(Prisma.sql`u."path"`, reader.unitPath)}
    ORDER BY u."depth" DESC LIMIT 1)`;
}

/** Every test the reader opened of the material counts as used, graded or not (on the userId index). */
function usedBy(reader: Reader, materialSlug: string): Prisma.Sql {
  return Prisma.sql`(SELECT COUNT(*) FROM "QuizAttempt" q WHERE q."userId" = ${reader.id} AND q."materialSlug" = ${materialSlug})`;
}

/** How many tests of the material the reader has opened, and the limit that applies to them. */
export async function getAttemptAllowance(reader: Reader, materialSlug: string): Promise<AttemptAllowance> {
  const [row] = await queryRows<{ used: number; limit: number | null }>(
    Prisma.sql`SELECT ${usedBy(reader, materialSlug)} AS "used", ${limitFor(reader, materialSlug)} AS "limit"`,
  );
  return { used: Number(row?.used ?? 0), limit: row?.limit === null || row?.limit === undefined ? null : Number(row.limit) };
}

const limitMessage = (limit: number) => `这份学习材料最多可以测试 ${limit} 次，您已全部用完，不能再开始测试；如有疑问，请联系本单位管理员`;

/**
 * Whether the reader may open a test of this material: it has a bank with questions not under review,
 * it is assigned to the reader's unit or a unit above it, and the reader has read it — every section
 * done by the one definition of lib/progress (the current version of each section completed).
 */
export async function getTestEligibility(reader: Reader, materialSlug: string): Promise<Eligibility> {
  const bank = getQuizBank(materialSlug);
  if (!bank) return { ok: false, code: "no_test", message: "这份学习材料没有自测题" };
  if (!bank.questions.some((q) => !q.needsReview)) return { ok: false, code: "under_review", message: "自测题正在复核，暂时不能测试" };
  const assigned = await queryRows<{ one: number }>(Prisma.sql`
    SELECT 1 AS "one" FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
    WHERE a."materialSlug" = ${materialSlug} AND ${ancestorOrSelfCondition(Prisma.sql`u."path"`, reader.unitPath)}`);
  if (assigned.length === 0) return { ok: false, code: "not_assigned", message: "这份学习材料没有布置给您所在的单位，无需参加测试" };
  const progress = await getMyMaterialProgress(reader, materialSlug);
  const left = progress ? progress.sections.length - progress.done : 1;
  if (left > 0) return { ok: false, code: "not_read", message: `请先学完全部章节再参加测试（还有 ${left} 节未学完）` };
  const attempts = await getAttemptAllowance(reader, materialSlug);
  if (attempts.limit !== null && attempts.used >= attempts.limit) return { ok: false, code: "limit_reached", message: limitMessage(attempts.limit), attempts };
  return { ok: true, attempts };
}

/** An attempt as its reader sees it: open (questions without the key) or graded (the result). */
export type AttemptView =
  | { id: string; state: "open"; materialSlug: string; openedAt: Date; expiresAt: Date; questions: PublicQuestion[] }
  | { id: string; state: "graded"; materialSlug: string; openedAt: Date; submittedAt: Date; passPercent: number; grade: Grade };

type AttemptRow = {
  id: string;
  materialSlug: string;
  questions: string;
  passPercent: number;
  openedAt: Date;
  expiresAt: Date;
  submittedAt: Date | null;
  answers: string | null;
};

const attemptSelect = {
  id: true, materialSlug: true, questions: true, passPercent: true, openedAt: true, expiresAt: true, submittedAt: true, answers: true,
} as const;

function toView(row: AttemptRow): AttemptView {
  const questions = JSON.parse(row.questions) as TestQuestion[];
  if (!row.submittedAt) {
    return { id: row.id, state: "open", materialSlug: row.materialSlug, openedAt: row.openedAt, expiresAt: row.expiresAt, questions: questions.map(toPublicQuestion) };
  }
  const grade = gradeAnswers(questions, JSON.parse(row.answers ?? "{}") as Answers, row.passPercent);
  return { id: row.id, state: "graded", materialSlug: row.materialSlug, openedAt: row.openedAt, submittedAt: row.submittedAt, passPercent: row.passPercent, grade };
}

/** The reader's test of this material still open for answers, if any. */
export async function getMyOpenAttempt(reader: Reader, materialSlug: string, now = new Date()): Promise<AttemptView | undefined> {
  const db = await getDb();
  const row = await db.quizAttempt.findFirst({
    where: { userId: reader.id, materialSlug, submittedAt: null, expiresAt: { gt: now } },
    orderBy: { openedAt: "desc" },
    select: attemptSelect,
  });
  return row ? toView(row) : undefined;
}

/** One of the reader's own attempts of this material, or undefined (someone else's is not found either). */
export async function getMyAttempt(reader: Reader, materialSlug: string, attemptId: string): Promise<AttemptView | undefined> {
  const db = await getDb();
  const row = await db.quizAttempt.findFirst({ where: { id: attemptId, userId: reader.id, materialSlug }, select: attemptSelect });
  return row ? toView(row) : undefined;
}

export type AttemptSummary = { id: string; submittedAt: Date; correct: number; total: number; passed: boolean };

/** The reader's graded attempts of one material, newest first. */
export async function listMyAttempts(reader: Reader, materialSlug: string, take = 10): Promise<AttemptSummary[]> {
  const db = await getDb();
  const rows = await db.quizAttempt.findMany({
    where: { userId: reader.id, materialSlug, submittedAt: { not: null } },
    orderBy: { submittedAt: "desc" },
    take,
    select: { id: true, submittedAt: true, correct: true, total: true, passed: true },
  });
  return rows.map((r) => ({ id: r.id, submittedAt: r.submittedAt as Date, correct: r.correct ?? 0, total: r.total, passed: r.passed ?? false }));
}

/**
 * Opens a test: draws the questions and stores them with their answer key, so the key never leaves
 * the server before grading. A test still open is returned instead of drawing a second one (even at
 * the attempt limit: it was counted when opened); the unique openKey keeps it to one even when two
 * requests open a test at once. The limit is checked by the INSERT itself, so a refusal stores nothing.
 */
export async function openTest(reader: Reader, materialSlug: string, now = new Date()): Promise<string> {
  const eligibility = await getTestEligibility(reader, materialSlug);
  const open = await getMyOpenAttempt(reader, materialSlug, now);
  if (eligibility.ok === false && !(eligibility.code === "limit_reached" && open)) {
    throw new QuizError(eligibility.code === "no_test" ? 404 : 403, eligibility.code, eligibility.message);
  }
  if (open) return open.id;
  const bank = getQuizBank(materialSlug);
  if (!bank) throw new QuizError(404, "no_test", "这份学习材料没有自测题");
  const questions = drawTest(bank);
  const db = await getDb();
  const openKey = `${reader.id}:${materialSlug}`;
  // A test left unsubmitted past its window gives up the reader's one open slot.
  await db.quizAttempt.updateMany({ where: { openKey, expiresAt: { lte: now } }, data: { openKey: null } });
  const id = randomBytes(16).toString("base64url");
  const limit = limitFor(reader, materialSlug);
  // One statement: under the limit (counted as it runs) and no other open test of the reader's (the
  // unique openKey; ON CONFLICT turns a concurrent open into "nothing inserted" on both databases).
  const inserted = await executeStatement(Prisma.sql`
    INSERT INTO "QuizAttempt" ("id", "userId", "materialSlug", "questions", "passPercent", "openedAt", "expiresAt", "total", "openKey")
    SELECT ${id}, ${reader.id}, ${materialSlug}, ${JSON.stringify(questions)}, ${bank.passPercent}, ${now}, ${new Date(now.getTime() + ANSWER_WINDOW_MS)}, ${questions.length}, ${openKey}
    WHERE ${limit} IS NULL OR ${usedBy(reader, materialSlug)} < ${limit}
    ON CONFLICT ("openKey") DO NOTHING`);
  if (inserted === 1) return id;
  // Another request opened the reader's test a moment ago: that one is the open test.
  const winner = await getMyOpenAttempt(reader, materialSlug, now);
  if (winner) return winner.id;
  const attempts = await getAttemptAllowance(reader, materialSlug);
  if (attempts.limit !== null && attempts.used >= attempts.limit) throw new QuizError(403, "limit_reached", limitMessage(attempts.limit));
  throw new QuizError(409, "busy", "测试正在准备，请刷新页面");
}

const ALREADY_SUBMITTED = () => new QuizError(409, "already_submitted", "这次测试已经交卷，不能重复提交；如需再测，请重新开始测试");
const EXPIRED = () => new QuizError(410, "expired", "这次测试已超过 2 小时作答时限，答案没有保存；请重新开始测试");
const NOT_FOUND = () => new QuizError(404, "not_found", "找不到这次测试，请重新开始测试");

/**
 * Grades and stores the reader's answers to one of their open tests. The store is one conditional
 * UPDATE (open, not expired, the reader's own), so of two submissions at once exactly one is stored;
 * the other, a replayed form and a late one are refused with nothing written.
 */
export async function submitTest(reader: Reader, attemptId: string, answers: Answers, now = new Date()): Promise<Grade & { materialSlug: string }> {
  const db = await getDb();
  const row = await db.quizAttempt.findFirst({ where: { id: attemptId, userId: reader.id }, select: attemptSelect });
  if (!row) throw NOT_FOUND();
  if (row.submittedAt) throw ALREADY_SUBMITTED();
  if (row.expiresAt <= now) throw EXPIRED();
  const questions = JSON.parse(row.questions) as TestQuestion[];
  const problem = checkAnswers(questions, answers);
  if (problem) throw new QuizError(422, problem.code, problem.message);
  const grade = gradeAnswers(questions, answers, row.passPercent);
  const stored = Object.fromEntries(grade.questions.map((q) => [q.id, q.chosen]));
  // One transaction: the grade (stored at most once) and, for a pass, the reader's first pass and
  // the completion it may bring (需通过测试). passStatement changes a row only after this UPDATE has
  // stored a pass, and only once.
  const [count] = await executeAtomicallyEach([
    Prisma.sql`
      UPDATE "QuizAttempt" SET "submittedAt" = ${now}, "openKey" = NULL, "answers" = ${JSON.stringify(stored)}, "correct" = ${grade.correct}, "passed" = ${grade.passed}
      WHERE "id" = ${attemptId} AND "userId" = ${reader.id} AND "submittedAt" IS NULL AND "expiresAt" > ${now}`,
    passStatement({ userId: reader.id, materialSlug: row.materialSlug, attemptId, now }),
  ]);
  if (count === 1) return { ...grade, materialSlug: row.materialSlug };
  // Another submission of this attempt won the race (or the window closed meanwhile).
  const after = await db.quizAttempt.findFirst({ where: { id: attemptId, userId: reader.id }, select: { submittedAt: true } });
  throw after?.submittedAt ? ALREADY_SUBMITTED() : EXPIRED();
}
