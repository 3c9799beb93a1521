import "server-only";
import { listMaterials } from "../content";
import { Prisma } from "../generated/prisma/client";
import { bySql, executeAtomically, queryRows } from "../sql";

/**
 * The completion counters (UnitReaderCount, UnitMaterialCount, UnitSectionCount, UnitCompletionDay:
 * each row the totals of a unit's whole subtree; and ReaderMaterial per reader) are kept current by triggers (migration 20261129040000_dashboard) inside the
 * statement that writes progress or changes a reader. This module records each material's section
 * list for those triggers and rebuilds the counters from the progress rows when it changes.
 */

/** What the rebuild writes differently on each database. */
type Dialect = {
  /** A FROM item `a(value)`: the ids of unit `n` and its ancestors, from its path "/1/4/9/" (as the triggers read them). */
  ancestors: Prisma.Sql;
  /** The material's section slugs, from MaterialInfo.sections (a JSON array) of `mi`. */
  sectionSlugs: Prisma.Sql;
  /** The China-time day "YYYY-MM-DD" of m."completedAt". */
  completionDay: Prisma.Sql;
  /**
   * Statements that keep writers out while the counters are rebuilt. SQLite needs none (BEGIN
   * IMMEDIATE already excludes every other writer). PostgreSQL lets beats, account changes and a
   * second instance's rebuild run concurrently, and a progress row written between the rebuild's
   * DELETE and INSERT would be counted twice or not at all; SHARE ROW EXCLUSIVE blocks writes to
   * these tables (and another rebuild) until the transaction ends, and lets reads go on.
   */
  lockWriters: Prisma.Sql[];
};

const DIALECTS: Record<"sqlite" | "postgresql", Dialect> = {
  sqlite: {
    ancestors: Prisma.sql`json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a`,
    sectionSlugs: Prisma.sql`SELECT value FROM json_each(mi."sections")`,
    completionDay: Prisma.sql`date(m."completedAt", '+8 hours')`,
    lockWriters: [],
  },
  postgresql: {
    ancestors: Prisma.sql`"unit_chain_ids"(n."id") a(value)`,
    sectionSlugs: Prisma.sql`SELECT json_array_elements_text(mi."sections"::json)`,
    completionDay: Prisma.sql`"china_day"(m."completedAt")`,
    lockWriters: [Prisma.sql`LOCK TABLE "MaterialInfo", "SectionProgress", "ReaderMaterial", "User", "Unit" IN SHARE ROW EXCLUSIVE MODE`],
  },
};

/**
 * The statements that recompute one material's counters (and the reader headcounts) from scratch:
 * totals per unit first, then added to the unit and every ancestor, as the triggers keep them.
 */
function rebuildStatements(materialSlug: string, first: Prisma.Sql[] = []): Prisma.Sql[] {
  const counted = Prisma.sql`u."role" = 'READER' AND u."disabled" = false`;
  const { ancestors: a, sectionSlugs, completionDay, lockWriters } = bySql(DIALECTS);
  return [
    ...lockWriters,
    ...first,
    // ReaderMaterial first: its insert trigger touches the unit counters, which are rebuilt after it.
    Prisma.sql`DELETE FROM "ReaderMaterial" WHERE "materialSlug" = ${materialSlug}`,
    Prisma.sql`
      INSERT INTO "ReaderMaterial" ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt")
      SELECT p."userId", p."materialSlug", COUNT(*), COUNT(p."completedAt"),
             CASE WHEN COUNT(p."completedAt") >= mi."sectionCount" THEN MAX(p."completedAt") END
      FROM "SectionProgress" p JOIN "MaterialInfo" mi ON mi."slug" = p."materialSlug"
      WHERE p."materialSlug" = ${materialSlug} AND p."sectionSlug" IN (${sectionSlugs})
      GROUP BY p."userId", p."materialSlug", mi."sectionCount"`,
    Prisma.sql`DELETE FROM "UnitSectionCount" WHERE "materialSlug" = ${materialSlug}`,
    Prisma.sql`
      INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
      SELECT a.value, x."materialSlug", x."sectionSlug", SUM(x."started"), SUM(x."completed")
      FROM (SELECT u."unitId", p."materialSlug", p."sectionSlug", COUNT(*) AS "started", COUNT(p."completedAt") AS "completed"
            FROM "SectionProgress" p JOIN "User" u ON u."id" = p."userId"
            WHERE p."materialSlug" = ${materialSlug} AND ${counted}
            GROUP BY u."unitId", p."materialSlug", p."sectionSlug") x
      JOIN "Unit" n ON n."id" = x."unitId", ${a}
      GROUP BY a.value, x."materialSlug", x."sectionSlug"`,
    Prisma.sql`DELETE FROM "UnitMaterialCount" WHERE "materialSlug" = ${materialSlug}`,
    Prisma.sql`
      INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
      SELECT a.value, x."materialSlug", SUM(x."started"), SUM(x."completed")
      FROM (SELECT u."unitId", m."materialSlug", COUNT(*) AS "started", COUNT(m."completedAt") AS "completed"
            FROM "ReaderMaterial" m JOIN "User" u ON u."id" = m."userId"
            WHERE m."materialSlug" = ${materialSlug} AND ${counted}
            GROUP BY u."unitId", m."materialSlug") x
      JOIN "Unit" n ON n."id" = x."unitId", ${a}
      GROUP BY a.value, x."materialSlug"`,
    Prisma.sql`DELETE FROM "UnitCompletionDay" WHERE "materialSlug" = ${materialSlug}`,
    Prisma.sql`
      INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
      SELECT a.value, x."materialSlug", x."day", SUM(x."completed")
      FROM (SELECT u."unitId", m."materialSlug", ${completionDay} AS "day", COUNT(*) AS "completed"
            FROM "ReaderMaterial" m JOIN "User" u ON u."id" = m."userId"
            WHERE m."materialSlug" = ${materialSlug} AND m."completedAt" IS NOT NULL AND ${counted}
            GROUP BY u."unitId", m."materialSlug", ${completionDay}) x
      JOIN "Unit" n ON n."id" = x."unitId", ${a}
      GROUP BY a.value, x."materialSlug", x."day"`,
    Prisma.sql`DELETE FROM "UnitReaderCount"`,
    Prisma.sql`
      INSERT INTO "UnitReaderCount" ("unitId", "readers")
      SELECT a.value, SUM(x."readers")
      FROM (SELECT u."unitId", COUNT(*) AS "readers" FROM "User" u WHERE ${counted} GROUP BY u."unitId") x
      JOIN "Unit" n ON n."id" = x."unitId", ${a}
      GROUP BY a.value`,
  ];
}

/** Rebuilds one material's counters from the progress rows, atomically. */
export async function rebuildCounters(materialSlug: string): Promise<void> {
  await executeAtomically(rebuildStatements(materialSlug));
}

/**
 * Records every material's section list (MaterialInfo) and, for a material that is new or whose
 * sections changed, rebuilds its counters in the same transaction. Runs at server start. Returns
 * the slugs rebuilt.
 */
export async function syncMaterialCatalog(now = new Date()): Promise<string[]> {
  const stored = await queryRows<{ slug: string; sections: string }>(Prisma.sql`SELECT "slug", "sections" FROM "MaterialInfo"`);
  const storedBySlug = new Map(stored.map((row) => [row.slug, row.sections]));
  const rebuilt: string[] = [];
  for (const material of listMaterials()) {
    const sections = JSON.stringify(material.sections.map((s) => s.slug));
    if (storedBySlug.get(material.slug) === sections) continue;
    await executeAtomically(
      rebuildStatements(material.slug, [
        Prisma.sql`
          INSERT INTO "MaterialInfo" ("slug", "sections", "sectionCount", "updatedAt")
          VALUES (${material.slug}, ${sections}, ${material.sections.length}, ${now})
          ON CONFLICT ("slug") DO UPDATE SET "sections" = excluded."sections", "sectionCount" = excluded."sectionCount", "updatedAt" = excluded."updatedAt"`,
      ]),
    );
    rebuilt.push(material.slug);
  }
  return rebuilt;
}
