import "server-only";
import type { Actor } from "../auth/permissions";
import { listReportableMaterials } from "../content";
import { getAdminScope } from "../auth/permissions";
import { Prisma } from "../generated/prisma/client";
import { getReportBreadcrumbs, getReportUnit, subtreeCondition, type ReportUnit } from "../reports/scope";
import { queryRows } from "../sql";
import type { Answers, TestQuestion } from "./grading";
import { getQuizBank } from "./index";
import { computeItemStats, type GradedAttempt, type QuestionStats } from "./item-stats";

/**
 * Below this many readers who took the test in the subtree, no per-question figures are shown: with
 * one or two, a share of right answers or a most-chosen wrong option would tell one person's answers.
 */
export const MIN_READERS_FOR_ITEM_ANALYSIS = 3;

export type ItemAnalysis = {
  unit: ReportUnit;
  breadcrumbs: Array<{ id: number; name: string }>;
  /** Units directly below, to go down the tree (all within the actor's scope, being in the subtree). */
  subUnits: Array<{ id: number; name: string }>;
  material: { slug: string; title: string };
  /** Graded attempts in the subtree, and the readers who made them. */
  attempts: number;
  readers: number;
  /** Null when fewer than MIN_READERS_FOR_ITEM_ANALYSIS readers took the test. */
  questions: QuestionStats[] | null;
};

/** Materials with a self-test whose item analysis the actor may see, for the material picker. */
export async function listItemAnalysisMaterials(actor: Actor): Promise<Array<{ slug: string; title: string }>> {
  const materials = await listReportableMaterials(getAdminScope(actor) ?? "");
  return materials.filter((m) => getQuizBank(m.slug) !== undefined).map((m) => ({ slug: m.slug, title: m.access.status === "ARCHIVED" ? `${m.title}（已归档）` : m.title }));
}

/**
 * Item analysis of a material's bank over every graded attempt by the counted readers (role READER,
 * not disabled) of a unit's subtree: per question, how many attempts included it, the share answered
 * correctly, and the wrong option chosen most. Null for a unit outside the actor's scope (answered
 * like a missing one), a material the actor may not report on, or one without a bank. Never names
 * or ranks a person. Cost: one indexed read of the subtree's attempts (unit path range → users by
 * unit → attempts by user and material), parsed here; see docs/self-tests.md.
 */
export async function getItemAnalysis(actor: Actor, unitId: number, materialSlug: string): Promise<ItemAnalysis | null> {
  const [unit, materials] = await Promise.all([getReportUnit(actor, unitId), listItemAnalysisMaterials(actor)]);
  const material = materials.find((m) => m.slug === materialSlug);
  const bank = getQuizBank(materialSlug);
  if (!unit || !material || !bank) return null;
  const [breadcrumbs, subUnits, rows] = await Promise.all([
    getReportBreadcrumbs(actor, unit),
    queryRows<{ id: number; name: string }>(Prisma.sql`SELECT "id", "name" FROM "Unit" WHERE "parentId" = ${unit.id} ORDER BY "sortOrder", "id"`),
    queryRows<{ userId: number; questions: string; answers: string | null }>(Prisma.sql`
      SELECT q."userId", q."questions", q."answers"
      FROM "Unit" n JOIN "User" u ON u."unitId" = n."id"
      JOIN "QuizAttempt" q ON q."userId" = u."id" AND q."materialSlug" = ${materialSlug}
      WHERE ${subtreeCondition(Prisma.sql`n."path"`, unit.path)} AND u."role" = 'READER' AND u."disabled" = false AND q."submittedAt" IS NOT NULL`),
  ]);
  const readers = new Set(rows.map((r) => r.userId)).size;
  const attempts = function* (): Generator<GradedAttempt> {
    for (const row of rows) yield { questions: JSON.parse(row.questions) as TestQuestion[], answers: JSON.parse(row.answers ?? "{}") as Answers };
  };
  return {
    unit,
    breadcrumbs,
    subUnits,
    material,
    attempts: rows.length,
    readers,
    questions: readers < MIN_READERS_FOR_ITEM_ANALYSIS ? null : computeItemStats(bank.questions, attempts()),
  };
}
