import "server-only";
import { getChinaWallClock } from "../china-time";
import { getMaterial } from "../content";
import { getDb } from "../db";
import { getQuizBank } from "./index";

export type RecordEntry = {
  materialSlug: string;
  title: string;
  /** When the material was completed (read in full: ReaderMaterial.completedAt, kept by the counters). */
  completedAt: Date;
  /** The best graded test, if the reader took one. */
  best: { correct: number; total: number; passed: boolean } | null;
  /** 学时 of the material (quiz.md's `hours`; 0 without one). */
  hours: number;
};

export type RecordYear = { year: number; hours: number; entries: RecordEntry[] };

function isBetter(a: { correct: number; total: number }, b: { correct: number; total: number }): boolean {
  return a.correct * b.total > b.correct * a.total;
}

/**
 * The signed-in reader's own 学习档案: every material they completed, by year of completion (China
 * time), newest first, with the best test score and 学时, and each year's total. A material counts
 * once, in the year it was completed; one a revision has reopened drops out until it is read again
 * (the same completion every report uses). Two primary-key-range reads: no aggregate over other readers.
 */
export async function getMyRecord(userId: number): Promise<RecordYear[]> {
  const db = await getDb();
  const [completed, attempts] = await Promise.all([
    db.readerMaterial.findMany({ where: { userId, completedAt: { not: null } }, select: { materialSlug: true, completedAt: true } }),
    db.quizAttempt.findMany({ where: { userId, submittedAt: { not: null } }, select: { materialSlug: true, correct: true, total: true, passed: true } }),
  ]);
  const best = new Map<string, { correct: number; total: number; passed: boolean }>();
  for (const a of attempts) {
    const score = { correct: a.correct ?? 0, total: a.total, passed: a.passed ?? false };
    const current = best.get(a.materialSlug);
    if (!current || isBetter(score, current)) best.set(a.materialSlug, score);
  }
  const years = new Map<number, RecordYear>();
  for (const row of completed) {
    const material = getMaterial(row.materialSlug);
    if (!material || !row.completedAt) continue; // taken out of content/: nothing to show or credit
    const entry: RecordEntry = {
      materialSlug: row.materialSlug,
      title: material.title,
      completedAt: row.completedAt,
      best: best.get(row.materialSlug) ?? null,
      hours: getQuizBank(row.materialSlug)?.hours ?? 0,
    };
    const year = getChinaWallClock(row.completedAt).year;
    const bucket = years.get(year) ?? { year, hours: 0, entries: [] };
    bucket.entries.push(entry);
    bucket.hours += entry.hours;
    years.set(year, bucket);
  }
  for (const bucket of years.values()) bucket.entries.sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime());
  return [...years.values()].sort((a, b) => b.year - a.year);
}
