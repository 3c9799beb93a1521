import "server-only";
import { getMaterial } from "../content";
import { getDb } from "../db";
import { getQuizBank } from "../quiz";
import { generateCertificateCode, maskName, normalizeCertificateCode } from "./code";

export type CertificateView = {
  code: string;
  materialSlug: string;
  name: string;
  unitName: string;
  title: string;
  completedAt: Date;
  hours: number;
  /** The best graded test when issued; null where the reader took none. */
  score: { correct: number; total: number } | null;
  issuedAt: Date;
};

/** What /verify shows: the minimum, with the name masked; `revoked` when the account is disabled. */
export type VerifiedCertificate = { maskedName: string; title: string; completedAt: Date; hours: number; revoked: boolean };

const certificateSelect = {
  code: true, materialSlug: true, name: true, unitName: true, title: true, completedAt: true, hours: true, correct: true, total: true, issuedAt: true,
} as const;

type CertificateRow = { code: string; materialSlug: string; name: string; unitName: string; title: string; completedAt: Date; hours: number; correct: number | null; total: number | null; issuedAt: Date };

function toView(row: CertificateRow): CertificateView {
  const { correct, total, ...rest } = row;
  return { ...rest, score: correct !== null && total !== null ? { correct, total } : null };
}

/** The reader's best graded test of the material (by share correct), or null. */
async function getBestScore(userId: number, materialSlug: string): Promise<{ correct: number; total: number } | null> {
  const db = await getDb();
  const attempts = await db.quizAttempt.findMany({ where: { userId, materialSlug, submittedAt: { not: null } }, select: { correct: true, total: true } });
  let best: { correct: number; total: number } | null = null;
  for (const a of attempts) {
    const score = { correct: a.correct ?? 0, total: a.total };
    if (!best || score.correct * best.total > best.correct * score.total) best = score;
  }
  return best;
}

/**
 * The reader's 结业证明 for a material, issued on first request: only for a material they have
 * completed (ReaderMaterial.completedAt, the completion /me/record and every report count). One per
 * reader and material: a single INSERT … ON CONFLICT DO NOTHING, so two requests at once, or a second
 * one later, get the row the first wrote. Once issued it stays, even if a revision later reopens the
 * material. Null when there is none and the material is not completed.
 */
export async function issueMyCertificate(userId: number, materialSlug: string, now = new Date()): Promise<CertificateView | null> {
  const db = await getDb();
  const existing = await db.certificate.findUnique({ where: { userId_materialSlug: { userId, materialSlug } }, select: certificateSelect });
  if (existing) return toView(existing);
  const material = getMaterial(materialSlug);
  if (!material) return null;
  const [progress, user, score] = await Promise.all([
    db.readerMaterial.findUnique({ where: { userId_materialSlug: { userId, materialSlug } }, select: { completedAt: true } }),
    db.user.findUnique({ where: { id: userId }, select: { name: true, unit: { select: { name: true } } } }),
    getBestScore(userId, materialSlug),
  ]);
  if (!progress?.completedAt || !user) return null;
  const hours = getQuizBank(materialSlug)?.hours ?? 0;
  await db.$executeRaw`
    INSERT INTO "Certificate" ("code", "userId", "materialSlug", "name", "unitName", "title", "completedAt", "hours", "correct", "total", "issuedAt")
    VALUES (${generateCertificateCode()}, ${userId}, ${materialSlug}, ${user.name}, ${user.unit.name}, ${material.title},
            ${progress.completedAt.toISOString()}, ${hours}, ${score?.correct ?? null}, ${score?.total ?? null}, ${now.toISOString()})
    ON CONFLICT ("userId", "materialSlug") DO NOTHING`;
  const row = await db.certificate.findUnique({ where: { userId_materialSlug: { userId, materialSlug } }, select: certificateSelect });
  return row ? toView(row) : null;
}

/**
 * Public verification of a code: one primary-key lookup. A malformed, altered, forged or unknown
 * code all give null (the page says the same for each, so it tells nothing about why). A disabled
 * account's certificates still verify, marked revoked.
 */
export async function verifyCertificate(input: string): Promise<VerifiedCertificate | null> {
  const code = normalizeCertificateCode(input);
  if (!code) return null;
  const db = await getDb();
  const row = await db.certificate.findUnique({
    where: { code },
    select: { name: true, title: true, completedAt: true, hours: true, user: { select: { disabled: true } } },
  });
  if (!row) return null;
  return { maskedName: maskName(row.name), title: row.title, completedAt: row.completedAt, hours: row.hours, revoked: row.user.disabled };
}
