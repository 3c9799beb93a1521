-- Issue 15, items 12 and 19: one definition of "started" and "completed" for the reader's pages and
-- every figure an administrator sees or exports (docs/progress-and-notes.md).
--
-- A section is STARTED once the reader has read a paragraph (readParagraphs is not empty) or has had
-- a minute of active reading (activeSeconds >= 60, PROGRESS_RULES.startedActiveSeconds): opening a
-- section for a second no longer makes a reader 进行中. Both only grow, so "started" is never undone.
-- A section is COMPLETED while completedVersion = version: its latest completion is of the text as it
-- is now. The start-up sync (lib/reports/counters.ts) moves every row of a revised section to the new
-- version: a row whose reader has read every paragraph that is new since their completion keeps it
-- (completedVersion moves along); the others stop counting as completed until the reader has read
-- those paragraphs, which is what the reader sees (本节内容已更新).
-- A reader has STARTED a material when one of its sections is started, and COMPLETED it while every
-- section is completed (ReaderMaterial.completedAt, cleared again when a revision reopens a section).
--
-- The counter triggers now follow both transitions, in either direction. MaterialInfo gains the
-- deployed version of each section; its default differs from every real one, so the first start
-- after this migration rebuilds every material's counters under these definitions.

ALTER TABLE "MaterialInfo" ADD COLUMN "sectionVersions" TEXT NOT NULL DEFAULT '{}';

DROP TRIGGER "SectionProgress_counters_after_insert";
DROP TRIGGER "SectionProgress_counters_after_complete";
DROP TRIGGER "ReaderMaterial_counters_after_insert";
DROP TRIGGER "ReaderMaterial_counters_after_complete";
DROP TRIGGER "User_counters_after_update";
DROP TRIGGER "User_counters_before_delete";

-- A new section row counts as started and completed by the rules above (a row written when a reader
-- only opened the section counts as neither, but creates the reader's ReaderMaterial row).
CREATE TRIGGER "SectionProgress_counters_after_insert" AFTER INSERT ON "SectionProgress"
BEGIN
    INSERT INTO "ReaderMaterial" ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt")
    VALUES (NEW."userId", NEW."materialSlug", (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60), (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version"),
        CASE WHEN (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version") AND 1 >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug") THEN NEW."completedAt" END)
    ON CONFLICT ("userId", "materialSlug") DO UPDATE SET
        "sectionsStarted" = "sectionsStarted" + excluded."sectionsStarted",
        "sectionsCompleted" = "sectionsCompleted" + excluded."sectionsCompleted",
        "completedAt" = CASE WHEN "sectionsCompleted" + excluded."sectionsCompleted" >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
                             THEN COALESCE("completedAt", (SELECT MAX(s."completedAt") FROM "SectionProgress" s
                                  WHERE s."userId" = NEW."userId" AND s."materialSlug" = NEW."materialSlug" AND s."completedVersion" = s."version")) END;
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, NEW."materialSlug", NEW."sectionSlug", (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60), (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version")
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0 AND ((NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60) OR (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version"))
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
END;

-- A later write that makes the section started, completed (a beat), or no longer completed (a
-- revision, at the start-up sync): the difference goes to the reader's material row and unit chain.
-- The material's completion moment is the latest of its sections' completions (read only when the
-- material becomes complete); it is cleared when a section stops counting as completed.
CREATE TRIGGER "SectionProgress_counters_after_update" AFTER UPDATE OF "readParagraphs", "activeSeconds", "version", "completedVersion" ON "SectionProgress"
WHEN (OLD."readParagraphs" <> '[]' OR OLD."activeSeconds" >= 60) <> (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60) OR (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version") <> (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version")
BEGIN
    UPDATE "ReaderMaterial" SET
        "sectionsStarted" = "sectionsStarted" + ((NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60) - (OLD."readParagraphs" <> '[]' OR OLD."activeSeconds" >= 60)),
        "sectionsCompleted" = "sectionsCompleted" + ((NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version") - (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version")),
        "completedAt" = CASE WHEN "sectionsCompleted" + ((NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version") - (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version")) >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
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

-- A reader's material row: started once a section is, completed while every section is.
CREATE TRIGGER "ReaderMaterial_counters_after_insert" AFTER INSERT ON "ReaderMaterial"
WHEN NEW."sectionsStarted" > 0 OR NEW."completedAt" IS NOT NULL
BEGIN
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, NEW."materialSlug", NEW."sectionsStarted" > 0, NEW."completedAt" IS NOT NULL
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, NEW."materialSlug", date(NEW."completedAt", '+8 hours'), 1
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0 AND NEW."completedAt" IS NOT NULL
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + 1;
END;

CREATE TRIGGER "ReaderMaterial_counters_after_update" AFTER UPDATE OF "sectionsStarted", "completedAt" ON "ReaderMaterial"
WHEN (OLD."sectionsStarted" > 0) <> (NEW."sectionsStarted" > 0) OR OLD."completedAt" IS NOT NEW."completedAt"
BEGIN
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, NEW."materialSlug", (NEW."sectionsStarted" > 0) - (OLD."sectionsStarted" > 0),
        (NEW."completedAt" IS NOT NULL) - (OLD."completedAt" IS NOT NULL)
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, NEW."materialSlug", date(OLD."completedAt", '+8 hours'), -1
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0 AND OLD."completedAt" IS NOT NULL
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, NEW."materialSlug", date(NEW."completedAt", '+8 hours'), 1
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0 AND NEW."completedAt" IS NOT NULL
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
END;

-- Readers moving, changing role, being disabled or enabled, or deleted: as before, with each
-- section and material counted by the rules above.
CREATE TRIGGER "User_counters_after_update" AFTER UPDATE OF "unitId", "role", "disabled" ON "User"
WHEN (OLD."unitId" IS NOT NEW."unitId" OR OLD."role" IS NOT NEW."role" OR OLD."disabled" IS NOT NEW."disabled")
 AND ((OLD."role" = 'READER' AND OLD."disabled" = 0) OR (NEW."role" = 'READER' AND NEW."disabled" = 0))
BEGIN
    -- Out of the old unit and its ancestors, if the reader was counted there.
    INSERT INTO "UnitReaderCount" ("unitId", "readers")
    SELECT a.value, -1 FROM "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = "readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, p."materialSlug", p."sectionSlug", -(p."readParagraphs" <> '[]' OR p."activeSeconds" >= 60), -(p."completedVersion" IS NOT NULL AND p."completedVersion" = p."version")
    FROM "SectionProgress" p, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE p."userId" = OLD."id" AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, m."materialSlug", -(m."sectionsStarted" > 0), -(m."completedAt" IS NOT NULL)
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE m."userId" = OLD."id" AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, m."materialSlug", date(m."completedAt", '+8 hours'), -1
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE m."userId" = OLD."id" AND m."completedAt" IS NOT NULL AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
    -- Into the new unit and its ancestors, if the reader is counted now.
    INSERT INTO "UnitReaderCount" ("unitId", "readers")
    SELECT a.value, 1 FROM "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE n."id" = NEW."unitId" AND NEW."role" = 'READER' AND NEW."disabled" = 0
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = "readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, p."materialSlug", p."sectionSlug", (p."readParagraphs" <> '[]' OR p."activeSeconds" >= 60), (p."completedVersion" IS NOT NULL AND p."completedVersion" = p."version")
    FROM "SectionProgress" p, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE p."userId" = NEW."id" AND n."id" = NEW."unitId" AND NEW."role" = 'READER' AND NEW."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, m."materialSlug", (m."sectionsStarted" > 0), (m."completedAt" IS NOT NULL)
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE m."userId" = NEW."id" AND n."id" = NEW."unitId" AND NEW."role" = 'READER' AND NEW."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, m."materialSlug", date(m."completedAt", '+8 hours'), 1
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE m."userId" = NEW."id" AND m."completedAt" IS NOT NULL AND n."id" = NEW."unitId" AND NEW."role" = 'READER' AND NEW."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
END;

CREATE TRIGGER "User_counters_before_delete" BEFORE DELETE ON "User"
WHEN OLD."role" = 'READER' AND OLD."disabled" = 0
BEGIN
    INSERT INTO "UnitReaderCount" ("unitId", "readers")
    SELECT a.value, -1 FROM "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = "readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, p."materialSlug", p."sectionSlug", -(p."readParagraphs" <> '[]' OR p."activeSeconds" >= 60), -(p."completedVersion" IS NOT NULL AND p."completedVersion" = p."version")
    FROM "SectionProgress" p, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE p."userId" = OLD."id" AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, m."materialSlug", -(m."sectionsStarted" > 0), -(m."completedAt" IS NOT NULL)
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE m."userId" = OLD."id" AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, m."materialSlug", date(m."completedAt", '+8 hours'), -1
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE m."userId" = OLD."id" AND m."completedAt" IS NOT NULL AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
END;
