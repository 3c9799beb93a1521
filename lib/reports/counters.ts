import "server-only";
import { listMaterials, type Material, type Section } from "../content";
import { Prisma } from "../generated/prisma/client";
import { hasUnreadChanges, isCompletedSql, isStartedSql, jsonIds, sumReadChars } from "../progress/state-sql";
import { regateStatement } from "../quiz/completion";
import { bySql, executeAtomically, queryRows } from "../sql";

/**
 * The completion counters (UnitReaderCount, UnitMaterialCount, UnitSectionCount, UnitCompletionDay:
 * each row the totals of a unit's whole subtree; and ReaderMaterial per reader) are kept current by triggers (migration 20261129040000_dashboard) inside the
 * statement that writes progress or changes a reader. This module records each material's section
 * list for those triggers, moves the progress rows of a revised section to its new version, and
 * rebuilds the counters from the progress rows when either changes. A section row counts as started
 * and as completed by isStartedSql and isCompletedSql (lib/progress/state-sql.ts), as in the triggers.
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
  const started = isStartedSql(Prisma.sql`p`);
  const completed = isCompletedSql(Prisma.sql`p`);
  return [
    ...lockWriters,
    ...first,
    // ReaderMaterial first: its insert trigger touches the unit counters, which are rebuilt after it.
    Prisma.sql`DELETE FROM "ReaderMaterial" WHERE "materialSlug" = ${materialSlug}`,
    Prisma.sql`
      INSERT INTO "ReaderMaterial" ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "passedAt")
      SELECT p."userId", p."materialSlug", SUM(CASE WHEN ${started} THEN 1 ELSE 0 END), SUM(CASE WHEN ${completed} THEN 1 ELSE 0 END),
             (SELECT MIN(q."submittedAt") FROM "QuizAttempt" q WHERE q."userId" = p."userId" AND q."materialSlug" = p."materialSlug" AND q."passed")
      FROM "SectionProgress" p JOIN "MaterialInfo" mi ON mi."slug" = p."materialSlug"
      WHERE p."materialSlug" = ${materialSlug} AND p."sectionSlug" IN (${sectionSlugs})
      GROUP BY p."userId", p."materialSlug"`,
    // Completion under the 需通过测试 gate, as the triggers and the grading statement set it.
    regateStatement(Prisma.sql`"materialSlug" = ${materialSlug}`),
    Prisma.sql`DELETE FROM "UnitSectionCount" WHERE "materialSlug" = ${materialSlug}`,
    Prisma.sql`
      INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
      SELECT a.value, x."materialSlug", x."sectionSlug", SUM(x."started"), SUM(x."completed")
      FROM (SELECT u."unitId", p."materialSlug", p."sectionSlug",
                   SUM(CASE WHEN ${started} THEN 1 ELSE 0 END) AS "started", SUM(CASE WHEN ${completed} THEN 1 ELSE 0 END) AS "completed"
            FROM "SectionProgress" p JOIN "User" u ON u."id" = p."userId"
            WHERE p."materialSlug" = ${materialSlug} AND ${counted}
            GROUP BY u."unitId", p."materialSlug", p."sectionSlug") x
      JOIN "Unit" n ON n."id" = x."unitId", ${a}
      GROUP BY a.value, x."materialSlug", x."sectionSlug"`,
    Prisma.sql`DELETE FROM "UnitMaterialCount" WHERE "materialSlug" = ${materialSlug}`,
    Prisma.sql`
      INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
      SELECT a.value, x."materialSlug", SUM(x."started"), SUM(x."completed")
      FROM (SELECT u."unitId", m."materialSlug", COUNT(CASE WHEN m."sectionsStarted" > 0 THEN 1 END) AS "started", COUNT(m."completedAt") AS "completed"
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
 * Moves every progress row of a section to its current version (run when a revision is published):
 * readChars is recounted on the new text, and a completion stays a completion (completedVersion
 * moves along) only when the reader has read every paragraph new since the version they completed;
 * otherwise the row stops counting as completed (the reader sees 本节内容已更新) until they have.
 * Rows already at the version are left alone, so running it again changes nothing.
 */
function rebaseStatement(materialSlug: string, section: Section): Prisma.Sql {
  const chars = JSON.stringify(Object.fromEntries(section.paragraphs.map((p) => [p.id, p.chars])));
  const row = bySql({ sqlite: Prisma.sql`"SectionProgress"`, postgresql: Prisma.sql`p` });
  const readIds = jsonIds(Prisma.sql`${row}."readParagraphs"`);
  const version = bySql({ sqlite: Prisma.sql`${section.version}`, postgresql: Prisma.sql`${section.version}::text` });
  const unread = hasUnreadChanges({ material: materialSlug, section: section.slug, charsJson: chars, completedVersion: Prisma.sql`${row}."completedVersion"`, readIds });
  const target = bySql({ sqlite: Prisma.sql`"SectionProgress"`, postgresql: Prisma.sql`"SectionProgress" AS p` });
  return Prisma.sql`
    UPDATE ${target} SET
      "completedVersion" = CASE WHEN ${row}."completedVersion" IS NOT NULL AND ${row}."completedVersion" <> ${version} AND NOT ${unread}
                                THEN ${version} ELSE ${row}."completedVersion" END,
      "readChars" = ${sumReadChars(chars, readIds)},
      "version" = ${version}
    WHERE ${row}."materialSlug" = ${materialSlug} AND ${row}."sectionSlug" = ${section.slug} AND ${row}."version" <> ${version}`;
}

/** A material's deployed section versions, as stored in MaterialInfo.sectionVersions. */
function sectionVersionsOf(material: Material): string {
  return JSON.stringify(Object.fromEntries(material.sections.map((s) => [s.slug, s.version])));
}

function parseVersions(json: string | undefined): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json ?? "{}");
    return value && typeof value === "object" ? (value as Record<string, string>) : {};
  } catch {
    return {}; // an unreadable record only means every section is rebased (a no-op where rows are current)
  }
}

/**
 * Records every material's section list and section versions (MaterialInfo) and, for a material
 * that is new or whose sections or versions changed, moves the revised sections' progress rows to
 * their new version and rebuilds its counters, all in one transaction. Runs at server start, after
 * syncSectionRevisions (the rebase reads the earlier versions' texts). Several instances starting at
 * once are safe: on PostgreSQL the rebuild's table locks serialize them, and the second one finds
 * the rows already moved and recomputes the same counters. Returns the slugs rebuilt.
 */
export async function syncMaterialCatalog(now = new Date()): Promise<string[]> {
  const stored = await queryRows<{ slug: string; sections: string; sectionVersions: string }>(
    Prisma.sql`SELECT "slug", "sections", "sectionVersions" FROM "MaterialInfo"`,
  );
  const storedBySlug = new Map(stored.map((row) => [row.slug, row]));
  const rebuilt: string[] = [];
  for (const material of listMaterials()) {
    const sections = JSON.stringify(material.sections.map((s) => s.slug));
    const versions = sectionVersionsOf(material);
    const before = storedBySlug.get(material.slug);
    if (before?.sections === sections && before.sectionVersions === versions) continue;
    const storedVersions = parseVersions(before?.sectionVersions);
    const revised = material.sections.filter((s) => storedVersions[s.slug] !== s.version);
    await executeAtomically(
      rebuildStatements(material.slug, [
        Prisma.sql`
          INSERT INTO "MaterialInfo" ("slug", "sections", "sectionCount", "sectionVersions", "updatedAt")
          VALUES (${material.slug}, ${sections}, ${material.sections.length}, ${versions}, ${now})
          ON CONFLICT ("slug") DO UPDATE SET "sections" = excluded."sections", "sectionCount" = excluded."sectionCount",
            "sectionVersions" = excluded."sectionVersions", "updatedAt" = excluded."updatedAt"`,
        ...revised.map((section) => rebaseStatement(material.slug, section)),
      ]),
    );
    rebuilt.push(material.slug);
  }
  return rebuilt;
}
