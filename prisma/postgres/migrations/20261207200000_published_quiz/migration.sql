-- CreateTable
CREATE TABLE "PublishedQuiz" (
    "materialSlug" TEXT NOT NULL,
    "passPercent" INTEGER NOT NULL DEFAULT 80,
    "questionsPerTest" INTEGER NOT NULL DEFAULT 5,
    "hours" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishedQuiz_pkey" PRIMARY KEY ("materialSlug")
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishedQuestion_pkey" PRIMARY KEY ("materialSlug","id")
);

-- AddForeignKey
ALTER TABLE "PublishedQuiz" ADD CONSTRAINT "PublishedQuiz_materialSlug_fkey" FOREIGN KEY ("materialSlug") REFERENCES "PublishedMaterial"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedQuestion" ADD CONSTRAINT "PublishedQuestion_materialSlug_fkey" FOREIGN KEY ("materialSlug") REFERENCES "PublishedMaterial"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

