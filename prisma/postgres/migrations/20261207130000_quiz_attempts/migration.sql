-- CreateTable
CREATE TABLE "QuizAttempt" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "questions" TEXT NOT NULL,
    "passPercent" INTEGER NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "openKey" TEXT,
    "submittedAt" TIMESTAMP(3),
    "answers" TEXT,
    "correct" INTEGER,
    "total" INTEGER NOT NULL,
    "passed" BOOLEAN,

    CONSTRAINT "QuizAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QuizAttempt_openKey_key" ON "QuizAttempt"("openKey");

-- CreateIndex
CREATE INDEX "QuizAttempt_userId_materialSlug_openedAt_idx" ON "QuizAttempt"("userId", "materialSlug", "openedAt");

-- AddForeignKey
ALTER TABLE "QuizAttempt" ADD CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

