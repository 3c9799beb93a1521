-- CreateTable
CREATE TABLE "QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "questions" TEXT NOT NULL,
    "passPercent" INTEGER NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "openKey" TEXT,
    "submittedAt" DATETIME,
    "answers" TEXT,
    "correct" INTEGER,
    "total" INTEGER NOT NULL,
    "passed" BOOLEAN,
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "QuizAttempt_openKey_key" ON "QuizAttempt"("openKey");

-- CreateIndex
CREATE INDEX "QuizAttempt_userId_materialSlug_openedAt_idx" ON "QuizAttempt"("userId", "materialSlug", "openedAt");

