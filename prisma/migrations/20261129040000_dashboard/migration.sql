-- CreateTable
CREATE TABLE "Assignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "materialSlug" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "startDate" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Assignment_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "assignmentId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "sentById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Reminder_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Reminder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialInfo" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "sections" TEXT NOT NULL,
    "sectionCount" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReaderMaterial" (
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionsStarted" INTEGER NOT NULL DEFAULT 0,
    "sectionsCompleted" INTEGER NOT NULL DEFAULT 0,
    "completedAt" DATETIME,

    PRIMARY KEY ("userId", "materialSlug"),
    CONSTRAINT "ReaderMaterial_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitReaderCount" (
    "unitId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "readers" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "UnitReaderCount_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitMaterialCount" (
    "unitId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "started" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("unitId", "materialSlug"),
    CONSTRAINT "UnitMaterialCount_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitSectionCount" (
    "unitId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "started" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("unitId", "materialSlug", "sectionSlug"),
    CONSTRAINT "UnitSectionCount_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitCompletionDay" (
    "unitId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "completed" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("unitId", "materialSlug", "day"),
    CONSTRAINT "UnitCompletionDay_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Assignment_materialSlug_idx" ON "Assignment"("materialSlug");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_unitId_materialSlug_key" ON "Assignment"("unitId", "materialSlug");

-- CreateIndex
CREATE INDEX "Reminder_userId_idx" ON "Reminder"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_assignmentId_userId_day_key" ON "Reminder"("assignmentId", "userId", "day");

-- CreateIndex
CREATE INDEX "ReaderMaterial_materialSlug_sectionsCompleted_idx" ON "ReaderMaterial"("materialSlug", "sectionsCompleted");


-- ---------------------------------------------------------------------------------------------
-- Completion counters, kept current by triggers inside the statement that writes the progress
-- (or moves, disables or deletes a reader, or moves a unit), so the dashboard never aggregates
-- progress rows. Every counter row holds the totals of a unit's whole subtree: an event adds to the
-- reader's unit and to each of its ancestors (their ids are read off the unit's path, "/1/4/9/"),
-- so a dashboard reads a handful of rows whatever the size of the subtree.
-- A reader is "counted" while role = 'READER' and disabled = 0. lib/reports/counters.ts can rebuild
-- every counter from the progress rows; tests prove both ways give the same figures.
-- ---------------------------------------------------------------------------------------------

-- A new section row: one more section started (and maybe completed) for the reader and material,
-- and for the reader's unit and its ancestors if the reader is counted. The material is completed
-- by the reader when the completed sections reach the material's section count.
CREATE TRIGGER "SectionProgress_counters_after_insert" AFTER INSERT ON "SectionProgress"
BEGIN
    INSERT INTO "ReaderMaterial" ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt")
    VALUES (NEW."userId", NEW."materialSlug", 1, NEW."completedAt" IS NOT NULL,
        CASE WHEN NEW."completedAt" IS NOT NULL
              AND 1 >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
             THEN NEW."completedAt" END)
    ON CONFLICT ("userId", "materialSlug") DO UPDATE SET
        "sectionsStarted" = "sectionsStarted" + 1,
        "sectionsCompleted" = "sectionsCompleted" + excluded."sectionsCompleted",
        "completedAt" = COALESCE("completedAt",
            CASE WHEN excluded."sectionsCompleted" = 1
                  AND "sectionsCompleted" + 1 >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
                 THEN NEW."completedAt" END);
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, NEW."materialSlug", NEW."sectionSlug", 1, NEW."completedAt" IS NOT NULL
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + 1, "completed" = "completed" + excluded."completed";
END;

-- A section completed by a later beat (completedAt is set once and never cleared).
CREATE TRIGGER "SectionProgress_counters_after_complete" AFTER UPDATE OF "completedAt" ON "SectionProgress"
WHEN OLD."completedAt" IS NULL AND NEW."completedAt" IS NOT NULL
BEGIN
    UPDATE "ReaderMaterial" SET
        "sectionsCompleted" = "sectionsCompleted" + 1,
        "completedAt" = COALESCE("completedAt",
            CASE WHEN "sectionsCompleted" + 1 >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
                 THEN NEW."completedAt" END)
    WHERE "userId" = NEW."userId" AND "materialSlug" = NEW."materialSlug";
    UPDATE "UnitSectionCount" SET "completed" = "completed" + 1
    WHERE "materialSlug" = NEW."materialSlug" AND "sectionSlug" = NEW."sectionSlug" AND "unitId" IN (
        SELECT a.value FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
        WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0);
END;

-- A reader's first section of a material, and a reader completing a whole material.
CREATE TRIGGER "ReaderMaterial_counters_after_insert" AFTER INSERT ON "ReaderMaterial"
BEGIN
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, NEW."materialSlug", 1, NEW."completedAt" IS NOT NULL
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + 1, "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, NEW."materialSlug", date(NEW."completedAt", '+8 hours'), 1
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0 AND NEW."completedAt" IS NOT NULL
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + 1;
END;

CREATE TRIGGER "ReaderMaterial_counters_after_complete" AFTER UPDATE OF "completedAt" ON "ReaderMaterial"
WHEN OLD."completedAt" IS NULL AND NEW."completedAt" IS NOT NULL
BEGIN
    UPDATE "UnitMaterialCount" SET "completed" = "completed" + 1
    WHERE "materialSlug" = NEW."materialSlug" AND "unitId" IN (
        SELECT a.value FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
        WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0);
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, NEW."materialSlug", date(NEW."completedAt", '+8 hours'), 1
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId", json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND u."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + 1;
END;

-- Readers joining, moving between units, changing role, being disabled or enabled, or deleted:
-- their whole contribution leaves the old unit's chain of ancestors and arrives at the new one's.
CREATE TRIGGER "User_counters_after_insert" AFTER INSERT ON "User"
WHEN NEW."role" = 'READER' AND NEW."disabled" = 0
BEGIN
    INSERT INTO "UnitReaderCount" ("unitId", "readers")
    SELECT a.value, 1 FROM "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE n."id" = NEW."unitId"
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = "readers" + 1;
END;

CREATE TRIGGER "User_counters_after_update" AFTER UPDATE OF "unitId", "role", "disabled" ON "User"
WHEN (OLD."unitId" IS NOT NEW."unitId" OR OLD."role" IS NOT NEW."role" OR OLD."disabled" IS NOT NEW."disabled")
 AND ((OLD."role" = 'READER' AND OLD."disabled" = 0) OR (NEW."role" = 'READER' AND NEW."disabled" = 0))
BEGIN
    -- Out of the old unit and its ancestors, if the reader was counted there.
    INSERT INTO "UnitReaderCount" ("unitId", "readers")
    SELECT a.value, -1 FROM "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = "readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, p."materialSlug", p."sectionSlug", -1, -(p."completedAt" IS NOT NULL)
    FROM "SectionProgress" p, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE p."userId" = OLD."id" AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, m."materialSlug", -1, -(m."completedAt" IS NOT NULL)
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
    SELECT a.value, p."materialSlug", p."sectionSlug", 1, (p."completedAt" IS NOT NULL)
    FROM "SectionProgress" p, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE p."userId" = NEW."id" AND n."id" = NEW."unitId" AND NEW."role" = 'READER' AND NEW."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, m."materialSlug", 1, (m."completedAt" IS NOT NULL)
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE m."userId" = NEW."id" AND n."id" = NEW."unitId" AND NEW."role" = 'READER' AND NEW."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, m."materialSlug", date(m."completedAt", '+8 hours'), 1
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE m."userId" = NEW."id" AND m."completedAt" IS NOT NULL AND n."id" = NEW."unitId" AND NEW."role" = 'READER' AND NEW."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
END;

-- Before the rows go (their progress is deleted by the cascade after this), take the reader's
-- contribution out of the counters.
CREATE TRIGGER "User_counters_before_delete" BEFORE DELETE ON "User"
WHEN OLD."role" = 'READER' AND OLD."disabled" = 0
BEGIN
    INSERT INTO "UnitReaderCount" ("unitId", "readers")
    SELECT a.value, -1 FROM "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = "readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, p."materialSlug", p."sectionSlug", -1, -(p."completedAt" IS NOT NULL)
    FROM "SectionProgress" p, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE p."userId" = OLD."id" AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, m."materialSlug", -1, -(m."completedAt" IS NOT NULL)
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a WHERE m."userId" = OLD."id" AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, m."materialSlug", date(m."completedAt", '+8 hours'), -1
    FROM "ReaderMaterial" m, "Unit" n, json_each('[' || replace(trim(n."path", '/'), '/', ',') || ']') a
    WHERE m."userId" = OLD."id" AND m."completedAt" IS NOT NULL AND n."id" = OLD."unitId" AND OLD."role" = 'READER' AND OLD."disabled" = 0
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
END;

-- A unit moving to another parent takes its subtree's totals (its own counter rows) away from its
-- old ancestors and adds them to its new ones; the counters of the moved subtree stay as they are.
-- The parents are outside the moved subtree, so their paths are the same before and after the move.
CREATE TRIGGER "Unit_counters_after_move" AFTER UPDATE OF "parentId" ON "Unit"
WHEN OLD."parentId" IS NOT NEW."parentId"
BEGIN
    INSERT INTO "UnitReaderCount" ("unitId", "readers")
    SELECT a.value, -c."readers" FROM "UnitReaderCount" c, "Unit" p, json_each('[' || replace(trim(p."path", '/'), '/', ',') || ']') a
    WHERE c."unitId" = NEW."id" AND p."id" = OLD."parentId"
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = "readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, c."materialSlug", c."sectionSlug", -c."started", -c."completed" FROM "UnitSectionCount" c, "Unit" p, json_each('[' || replace(trim(p."path", '/'), '/', ',') || ']') a
    WHERE c."unitId" = NEW."id" AND p."id" = OLD."parentId"
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, c."materialSlug", -c."started", -c."completed" FROM "UnitMaterialCount" c, "Unit" p, json_each('[' || replace(trim(p."path", '/'), '/', ',') || ']') a
    WHERE c."unitId" = NEW."id" AND p."id" = OLD."parentId"
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, c."materialSlug", c."day", -c."completed" FROM "UnitCompletionDay" c, "Unit" p, json_each('[' || replace(trim(p."path", '/'), '/', ',') || ']') a
    WHERE c."unitId" = NEW."id" AND p."id" = OLD."parentId"
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitReaderCount" ("unitId", "readers")
    SELECT a.value, c."readers" FROM "UnitReaderCount" c, "Unit" p, json_each('[' || replace(trim(p."path", '/'), '/', ',') || ']') a
    WHERE c."unitId" = NEW."id" AND p."id" = NEW."parentId"
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = "readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.value, c."materialSlug", c."sectionSlug", c."started", c."completed" FROM "UnitSectionCount" c, "Unit" p, json_each('[' || replace(trim(p."path", '/'), '/', ',') || ']') a
    WHERE c."unitId" = NEW."id" AND p."id" = NEW."parentId"
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" ("unitId", "materialSlug", "started", "completed")
    SELECT a.value, c."materialSlug", c."started", c."completed" FROM "UnitMaterialCount" c, "Unit" p, json_each('[' || replace(trim(p."path", '/'), '/', ',') || ']') a
    WHERE c."unitId" = NEW."id" AND p."id" = NEW."parentId"
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = "started" + excluded."started", "completed" = "completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" ("unitId", "materialSlug", "day", "completed")
    SELECT a.value, c."materialSlug", c."day", c."completed" FROM "UnitCompletionDay" c, "Unit" p, json_each('[' || replace(trim(p."path", '/'), '/', ',') || ']') a
    WHERE c."unitId" = NEW."id" AND p."id" = NEW."parentId"
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = "completed" + excluded."completed";
END;
