-- AlterTable
ALTER TABLE "Reflection" ADD COLUMN "returnReason" TEXT;
ALTER TABLE "Reflection" ADD COLUMN "returnedAt" DATETIME;
ALTER TABLE "Reflection" ADD COLUMN "returnedById" INTEGER;
ALTER TABLE "Reflection" ADD COLUMN "reviewState" TEXT;

-- CreateTable
CREATE TABLE "ReflectionComment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reflectionId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ReflectionComment_reflectionId_fkey" FOREIGN KEY ("reflectionId") REFERENCES "Reflection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ReflectionComment_requestId_key" ON "ReflectionComment"("requestId");

-- CreateIndex
CREATE INDEX "ReflectionComment_reflectionId_createdAt_idx" ON "ReflectionComment"("reflectionId", "createdAt");


-- Reflections submitted before reviews existed start out as submitted, not yet reviewed.
UPDATE "Reflection" SET "reviewState" = 'SUBMITTED' WHERE "submittedAt" IS NOT NULL;
