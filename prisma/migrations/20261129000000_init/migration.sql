-- CreateTable
CREATE TABLE "SectionRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "paragraphs" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "SectionRevision_materialSlug_sectionSlug_version_key" ON "SectionRevision"("materialSlug", "sectionSlug", "version");

