import { Prisma } from "../generated/prisma/client";
import { ancestorOrSelfCondition } from "../reports/scope";
import { bySql, queryRows } from "../sql";

/**
 * 需通过测试 (issue 17, item 3): an assignment may require passing the material's self-test, and its
 * readers then complete the material only once they have read every section AND passed. The one
 * place that decides it is ReaderMaterial.completedAt, which every counter, figure, export, 学习档案
 * and certificate already reads: the section triggers set it only when the gate below holds
 * (migration 20261207150000_require_pass, the SQL twin of requiresPassSql), grading sets passedAt and
 * completes a reader who has read everything (passStatement), and whatever changes which assignment
 * applies to a reader re-gates their rows (regateStatement) in the same transaction as the change.
 * The counter triggers then move the unit counters exactly as for a beat.
 */

/** Whether an assignment on the reader's unit or a unit above it requires passing the material's test. */
export function requiresPassSql(userId: Prisma.Sql, materialSlug: Prisma.Sql): Prisma.Sql {
  return bySql({
    postgresql: Prisma.sql`"reader_requires_pass"(${userId}, ${materialSlug})`,
    sqlite: Prisma.sql`EXISTS (SELECT 1 FROM "User" ru JOIN "Unit" rn ON rn."id" = ru."unitId", "Assignment" ra JOIN "Unit" an ON an."id" = ra."unitId"
      WHERE ru."id" = ${userId} AND ra."materialSlug" = ${materialSlug} AND ra."requirePass" = 1 AND substr(rn."path", 1, length(an."path")) = an."path")`,
  });
}

/**
 * The completion of a reader's material row `m` under the gate: every section completed (of the
 * current text) and, where required, passed; null otherwise. An existing completion moment is kept;
 * a new one is the latest section completion, or the pass when that came later and was required.
 */
export function gatedCompletionSql(m: Prisma.Sql): Prisma.Sql {
  const requires = requiresPassSql(Prisma.sql`${m}."userId"`, Prisma.sql`${m}."materialSlug"`);
  const readDone = Prisma.sql`(SELECT MAX(s."completedAt") FROM "SectionProgress" s
    WHERE s."userId" = ${m}."userId" AND s."materialSlug" = ${m}."materialSlug" AND s."completedVersion" = s."version")`;
  return Prisma.sql`CASE
    WHEN ${m}."sectionsCompleted" >= (SELECT mi."sectionCount" FROM "MaterialInfo" mi WHERE mi."slug" = ${m}."materialSlug")
     AND (${m}."passedAt" IS NOT NULL OR NOT ${requires})
    THEN COALESCE(${m}."completedAt",
      CASE WHEN ${m}."passedAt" IS NOT NULL AND ${m}."passedAt" > ${readDone} AND ${requires} THEN ${m}."passedAt" ELSE ${readDone} END)
    END`;
}

/**
 * Re-applies the gate to the material rows of readers matching `condition` (over "ReaderMaterial"
 * columns): run with a change of what applies to them — an assignment's requirement set, changed or
 * removed, a reader moved to another unit, a unit moved under another parent.
 */
export function regateStatement(condition: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`UPDATE "ReaderMaterial" SET "completedAt" = ${gatedCompletionSql(Prisma.sql`"ReaderMaterial"`)} WHERE ${condition}`;
}

/** Readers of a unit's subtree (by the unit's path), as a condition on "ReaderMaterial"."userId". */
export function subtreeReadersCondition(unitPath: string): Prisma.Sql {
  return Prisma.sql`"ReaderMaterial"."userId" IN (SELECT su."id" FROM "User" su JOIN "Unit" sn ON sn."id" = su."unitId"
    WHERE sn."path" >= ${unitPath} AND sn."path" < ${`${unitPath.slice(0, -1)}0`})`;
}

/**
 * Records the reader's first pass of the material's test when the attempt `attemptId` was graded
 * passed (run in the grading transaction, after the grading UPDATE), and completes the material then
 * if every section is completed. Changes nothing unless the attempt was graded passed at `now` (by
 * the statement before it), and nothing once a pass is recorded, so a replay counts nothing twice.
 */
export function passStatement(input: { userId: number; materialSlug: string; attemptId: string; now: Date }): Prisma.Sql {
  const { userId, materialSlug, attemptId, now } = input;
  return Prisma.sql`
    UPDATE "ReaderMaterial" SET "passedAt" = ${now},
      "completedAt" = CASE WHEN "sectionsCompleted" >= (SELECT mi."sectionCount" FROM "MaterialInfo" mi WHERE mi."slug" = "ReaderMaterial"."materialSlug")
                           THEN COALESCE("completedAt", ${now}) END
    WHERE "userId" = ${userId} AND "materialSlug" = ${materialSlug} AND "passedAt" IS NULL
      AND EXISTS (SELECT 1 FROM "QuizAttempt" q WHERE q."id" = ${attemptId} AND q."userId" = ${userId} AND q."passed" AND q."submittedAt" = ${now})`;
}

/**
 * The materials a reader must pass the test of to complete (an assignment on their unit chain
 * requires it), each with whether they have passed: for their own pages (我的学习, the task list).
 */
export async function getMyPassRequirements(user: { id: number; unitPath: string }): Promise<Map<string, { passed: boolean }>> {
  const rows = await queryRows<{ materialSlug: string; passedAt: unknown }>(Prisma.sql`
    SELECT a."materialSlug", (SELECT m."passedAt" FROM "ReaderMaterial" m WHERE m."userId" = ${user.id} AND m."materialSlug" = a."materialSlug") AS "passedAt"
    FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
    WHERE a."requirePass" = ${true} AND ${ancestorOrSelfCondition(Prisma.sql`u."path"`, user.unitPath)}`);
  return new Map(rows.map((row) => [row.materialSlug, { passed: row.passedAt !== null }]));
}
