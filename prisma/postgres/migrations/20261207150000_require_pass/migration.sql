-- Issue 17, item 3: 需通过测试. The PL/pgSQL twin of prisma/migrations/20261207150000_require_pass
-- (see it for the rules): a reader's material row is complete only when every section is completed
-- and, where an assignment on the reader's unit chain requires it, the self-test is passed.

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "requirePass" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ReaderMaterial" ADD COLUMN     "passedAt" TIMESTAMP(3);

-- Whether an assignment on the reader's unit or a unit above it requires passing the material's
-- self-test (assignments never overlap along a path, so it is the reader's one assignment). The twin
-- of requiresPassSql in lib/quiz/completion.ts, which calls it.
CREATE FUNCTION "reader_requires_pass"(user_id integer, material text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", "Assignment" a JOIN "Unit" an ON an."id" = a."unitId"
        WHERE u."id" = user_id AND a."materialSlug" = material AND a."requirePass" AND substr(n."path", 1, length(an."path")) = an."path")
$$;

CREATE OR REPLACE FUNCTION "SectionProgress_counters_shift"(row_user integer, row_material text, row_section text,
    started_delta integer, completed_delta integer, row_completed_at timestamp(3)) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    section_total integer := (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = row_material);
BEGIN
    INSERT INTO "ReaderMaterial" AS m ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt")
    VALUES (row_user, row_material, started_delta, completed_delta,
        CASE WHEN completed_delta >= section_total AND NOT "reader_requires_pass"(row_user, row_material) THEN row_completed_at END)
    ON CONFLICT ("userId", "materialSlug") DO UPDATE SET
        "sectionsStarted" = m."sectionsStarted" + excluded."sectionsStarted",
        "sectionsCompleted" = m."sectionsCompleted" + excluded."sectionsCompleted",
        "completedAt" = CASE WHEN m."sectionsCompleted" + excluded."sectionsCompleted" >= section_total
                              AND (m."passedAt" IS NOT NULL OR NOT "reader_requires_pass"(row_user, row_material))
                             THEN COALESCE(m."completedAt", (SELECT MAX(s."completedAt") FROM "SectionProgress" s
                                  WHERE s."userId" = row_user AND s."materialSlug" = row_material AND s."completedVersion" = s."version")) END;
    IF started_delta <> 0 OR completed_delta <> 0 THEN
        INSERT INTO "UnitSectionCount" AS c ("unitId", "materialSlug", "sectionSlug", "started", "completed")
        SELECT a.id, row_material, row_section, started_delta, completed_delta
        FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
        WHERE u."id" = row_user AND u."role" = 'READER' AND NOT u."disabled"
        ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
            "started" = c."started" + excluded."started", "completed" = c."completed" + excluded."completed";
    END IF;
END
$$;
