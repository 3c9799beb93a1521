-- Issue 17, item 3: 需通过测试. An assignment may require passing the material's self-test; its
-- readers (the unit's subtree) then complete the material only once they have read every section
-- AND passed. ReaderMaterial.completedAt keeps meaning "complete", so every counter, figure, export,
-- 学习档案 and certificate follows without change; this migration only gates where it is set.
--
-- passedAt is set by the grading statement (lib/quiz/completion.ts), which also completes a reader
-- who has read everything; an assignment's requirement changing, a reader moving unit and a unit
-- moving re-gate the rows concerned with one statement from the same module. Here the two section
-- triggers (as in 20261207091500_started_and_revised_completion) set completedAt only when no
-- assignment on the reader's unit chain requires a pass, or the reader has passed. The requirement
-- subquery is the SQL twin of requiresPassSql in lib/quiz/completion.ts.

-- AlterTable
ALTER TABLE "ReaderMaterial" ADD COLUMN "passedAt" DATETIME;
-- AlterTable (a column add: the table keeps its rows, indexes and the Reminder foreign key)
ALTER TABLE "Assignment" ADD COLUMN "requirePass" BOOLEAN NOT NULL DEFAULT false;

DROP TRIGGER "SectionProgress_counters_after_insert";
DROP TRIGGER "SectionProgress_counters_after_update";

CREATE TRIGGER "SectionProgress_counters_after_insert" AFTER INSERT ON "SectionProgress"
BEGIN
    INSERT INTO "ReaderMaterial" ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt")
    VALUES (NEW."userId", NEW."materialSlug", (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60), (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version"),
        CASE WHEN (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version") AND 1 >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
                  AND NOT EXISTS (SELECT 1 FROM "User" ru JOIN "Unit" rn ON rn."id" = ru."unitId", "Assignment" ra JOIN "Unit" an ON an."id" = ra."unitId"
                                  WHERE ru."id" = NEW."userId" AND ra."materialSlug" = NEW."materialSlug" AND ra."requirePass" = 1 AND substr(rn."path", 1, length(an."path")) = an."path") THEN NEW."completedAt" END)
    ON CONFLICT ("userId", "materialSlug") DO UPDATE SET
        "sectionsStarted" = "sectionsStarted" + excluded."sectionsStarted",
        "sectionsCompleted" = "sectionsCompleted" + excluded."sectionsCompleted",
        "completedAt" = CASE WHEN "sectionsCompleted" + excluded."sectionsCompleted" >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
                              AND ("passedAt" IS NOT NULL OR NOT EXISTS (SELECT 1 FROM "User" ru JOIN "Unit" rn ON rn."id" = ru."unitId", "Assignment" ra JOIN "Unit" an ON an."id" = ra."unitId"
                                  WHERE ru."id" = NEW."userId" AND ra."materialSlug" = NEW."materialSlug" AND ra."requirePass" = 1 AND substr(rn."path", 1, length(an."path")) = an."path"))
                             THEN COALESCE("completedAt", (SELECT MAX(s."completedAt") FROM "SectionProgress" s
                                  WHERE s."userId" = NEW."userId" AND s."materialSlug" = NEW."materialSlug" AND s."completedVersion" = s."version")) END;
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, NEW."materialSlug", NEW."sectionSlug", (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60), (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version")
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0 AND ((NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60) OR (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version"))
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
END;

CREATE TRIGGER "SectionProgress_counters_after_update" AFTER UPDATE OF "readParagraphs", "activeSeconds", "version", "completedVersion" ON "SectionProgress"
WHEN (OLD."readParagraphs" <> '[]' OR OLD."activeSeconds" >= 60) <> (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60) OR (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version") <> (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version")
BEGIN
    UPDATE "ReaderMaterial" SET
        "sectionsStarted" = "sectionsStarted" + ((NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60) - (OLD."readParagraphs" <> '[]' OR OLD."activeSeconds" >= 60)),
        "sectionsCompleted" = "sectionsCompleted" + ((NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version") - (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version")),
        "completedAt" = CASE WHEN "sectionsCompleted" + ((NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version") - (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version")) >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
                              AND ("passedAt" IS NOT NULL OR NOT EXISTS (SELECT 1 FROM "User" ru JOIN "Unit" rn ON rn."id" = ru."unitId", "Assignment" ra JOIN "Unit" an ON an."id" = ra."unitId"
                                  WHERE ru."id" = NEW."userId" AND ra."materialSlug" = NEW."materialSlug" AND ra."requirePass" = 1 AND substr(rn."path", 1, length(an."path")) = an."path"))
                             THEN COALESCE("completedAt", (SELECT MAX(s."completedAt") FROM "SectionProgress" s
                                  WHERE s."userId" = NEW."userId" AND s."materialSlug" = NEW."materialSlug" AND s."completedVersion" = s."version")) END
    WHERE "userId" = NEW."userId" AND "materialSlug" = NEW."materialSlug";
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, NEW."materialSlug", NEW."sectionSlug", (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60) - (OLD."readParagraphs" <> '[]' OR OLD."activeSeconds" >= 60), (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version") - (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version")
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
END;
