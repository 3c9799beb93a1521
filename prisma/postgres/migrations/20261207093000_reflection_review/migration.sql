-- AlterTable
ALTER TABLE "Reflection" ADD COLUMN     "returnReason" TEXT,
ADD COLUMN     "returnedAt" TIMESTAMP(3),
ADD COLUMN     "returnedById" INTEGER,
ADD COLUMN     "reviewState" TEXT;

-- CreateTable
CREATE TABLE "ReflectionComment" (
    "id" SERIAL NOT NULL,
    "reflectionId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReflectionComment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReflectionComment_requestId_key" ON "ReflectionComment"("requestId");

-- CreateIndex
CREATE INDEX "ReflectionComment_reflectionId_createdAt_idx" ON "ReflectionComment"("reflectionId", "createdAt");

-- AddForeignKey
ALTER TABLE "ReflectionComment" ADD CONSTRAINT "ReflectionComment_reflectionId_fkey" FOREIGN KEY ("reflectionId") REFERENCES "Reflection"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Reflections submitted before reviews existed start out as submitted, not yet reviewed.
UPDATE "Reflection" SET "reviewState" = 'SUBMITTED' WHERE "submittedAt" IS NOT NULL;
