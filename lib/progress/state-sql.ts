import "server-only";
import { Prisma } from "../generated/prisma/client";
import { bySql } from "../sql";
import { PROGRESS_RULES } from "./config";

/**
 * SQL true when the SectionProgress row `p` counts as started: a paragraph read, or a minute of
 * active time (lib/progress/status.ts says the same to the reader). The counter triggers of migration
 * 20261207091500_started_and_revised_completion spell the same test with the same numbers.
 */
export function isStartedSql(p: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${p}."readParagraphs" <> '[]' OR ${p}."activeSeconds" >= ${Prisma.raw(String(PROGRESS_RULES.startedActiveSeconds))})`;
}

/** SQL true when the SectionProgress row `p` counts as completed: its latest completion is of its current text. */
export function isCompletedSql(p: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${p}."completedVersion" IS NOT NULL AND ${p}."completedVersion" = ${p}."version")`;
}

/** Where a section's rows are, the current text's paragraph lengths, and SQL for the row's columns. */
export type UnreadChangesInput = {
  material: string;
  section: string;
  /** JSON {paragraphId: chars} of the section's current text. */
  charsJson: string;
  /** SQL for the version the reader last completed (a SectionProgress.completedVersion). */
  completedVersion: Prisma.Sql;
  /** A subquery (one column) of the paragraph ids the reader has read. */
  readIds: Prisma.Sql;
};

/**
 * SQL that is true while a section completed in an earlier version still has a paragraph to read:
 * one of the current text that the completed version did not have and the reader has not read.
 * This is the reader's 本节内容已更新 (lib/progress/status.ts), written for the beat merge and the
 * start-up sync. A completed version with no recorded text counts every paragraph as new.
 */
export function hasUnreadChanges(input: UnreadChangesInput): Prisma.Sql {
  const { material, section, charsJson, completedVersion, readIds } = input;
  return bySql({
    sqlite: Prisma.sql`EXISTS (SELECT 1 FROM json_each(${charsJson}) c
      WHERE c.key NOT IN (SELECT json_extract(r.value, '$.id') FROM "SectionRevision" s, json_each(s."paragraphs") r
                          WHERE s."materialSlug" = ${material} AND s."sectionSlug" = ${section} AND s."version" = ${completedVersion})
        AND c.key NOT IN (${readIds}))`,
    postgresql: Prisma.sql`EXISTS (SELECT 1 FROM json_each_text(${charsJson}::json) c
      WHERE c.key NOT IN (SELECT r->>'id' FROM "SectionRevision" s, json_array_elements(s."paragraphs"::json) r
                          WHERE s."materialSlug" = ${material}::text AND s."sectionSlug" = ${section}::text AND s."version" = ${completedVersion})
        AND c.key NOT IN (${readIds}))`,
  });
}

/** Characters of the current text (`charsJson`, {paragraphId: chars}) among the ids of `readIds`. */
export function sumReadChars(charsJson: string, readIds: Prisma.Sql): Prisma.Sql {
  return bySql({
    sqlite: Prisma.sql`(SELECT COALESCE(SUM(c.value), 0) FROM json_each(${charsJson}) c WHERE c.key IN (${readIds}))`,
    postgresql: Prisma.sql`(SELECT COALESCE(SUM(c.value::int), 0)::int FROM json_each_text(${charsJson}::json) c WHERE c.key IN (${readIds}))`,
  });
}

/** A subquery of the ids in a JSON array column (SectionProgress.readParagraphs). */
export function jsonIds(column: Prisma.Sql): Prisma.Sql {
  return bySql({
    sqlite: Prisma.sql`SELECT value FROM json_each(${column})`,
    postgresql: Prisma.sql`SELECT json_array_elements_text(${column}::json)`,
  });
}
