-- CreateTable
CREATE TABLE "SectionProgress" (
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "readParagraphs" TEXT NOT NULL DEFAULT '[]',
    "readChars" INTEGER NOT NULL DEFAULT 0,
    "furthestIndex" INTEGER NOT NULL DEFAULT -1,
    "lastParagraphId" TEXT,
    "activeSeconds" INTEGER NOT NULL DEFAULT 0,
    "lastViewId" TEXT NOT NULL DEFAULT '',
    "lastViewActive" INTEGER NOT NULL DEFAULT 0,
    "lastBeatAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "completedVersion" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "materialSlug", "sectionSlug"),
    CONSTRAINT "SectionProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReaderClock" (
    "userId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastBeatAt" DATETIME NOT NULL,
    CONSTRAINT "ReaderClock_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SectionProgress_materialSlug_sectionSlug_idx" ON "SectionProgress"("materialSlug", "sectionSlug");


-- Every progress write also moves the reader's clock, inside the same statement, so the next beat's
-- active time can be capped by the real time since this one (whichever section or tab it came from).
CREATE TRIGGER "SectionProgress_clock_after_insert" AFTER INSERT ON "SectionProgress"
BEGIN
    INSERT INTO "ReaderClock" ("userId", "lastBeatAt") VALUES (NEW."userId", NEW."lastBeatAt")
    ON CONFLICT ("userId") DO UPDATE SET "lastBeatAt" = excluded."lastBeatAt";
END;

CREATE TRIGGER "SectionProgress_clock_after_update" AFTER UPDATE OF "lastBeatAt" ON "SectionProgress"
BEGIN
    INSERT INTO "ReaderClock" ("userId", "lastBeatAt") VALUES (NEW."userId", NEW."lastBeatAt")
    ON CONFLICT ("userId") DO UPDATE SET "lastBeatAt" = excluded."lastBeatAt";
END;
