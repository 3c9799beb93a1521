-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "paragraphId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "startOffset" INTEGER NOT NULL,
    "quote" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "rev" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reflection" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "rev" INTEGER NOT NULL DEFAULT 1,
    "submittedBody" TEXT,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reflection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Note_userId_materialSlug_sectionSlug_idx" ON "Note"("userId", "materialSlug", "sectionSlug");

-- CreateIndex
CREATE INDEX "Reflection_submittedAt_idx" ON "Reflection"("submittedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Reflection_userId_materialSlug_sectionSlug_key" ON "Reflection"("userId", "materialSlug", "sectionSlug");

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reflection" ADD CONSTRAINT "Reflection_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

