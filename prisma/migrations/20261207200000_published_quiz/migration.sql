-- CreateTable
CREATE TABLE "PublishedQuiz" (
    "materialSlug" TEXT NOT NULL PRIMARY KEY,
    "passPercent" INTEGER NOT NULL DEFAULT 80,
    "questionsPerTest" INTEGER NOT NULL DEFAULT 5,
    "hours" REAL NOT NULL DEFAULT 0,
    "updatedById" INTEGER,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PublishedQuiz_materialSlug_fkey" FOREIGN KEY ("materialSlug") REFERENCES "PublishedMaterial" ("slug") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublishedQuestion" (
    "materialSlug" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "paragraphId" TEXT NOT NULL,
    "quote" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" INTEGER,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("materialSlug", "id"),
    CONSTRAINT "PublishedQuestion_materialSlug_fkey" FOREIGN KEY ("materialSlug") REFERENCES "PublishedMaterial" ("slug") ON DELETE CASCADE ON UPDATE CASCADE
);

