-- CreateEnum
CREATE TYPE "MaterialStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');

-- CreateTable
CREATE TABLE "PublishedMaterial" (
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "audienceUnitId" INTEGER,
    "status" "MaterialStatus" NOT NULL DEFAULT 'PUBLISHED',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdById" INTEGER,
    "updatedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishedMaterial_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "PublishedMaterialRevision" (
    "materialSlug" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sections" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishedMaterialRevision_pkey" PRIMARY KEY ("materialSlug","revision")
);

-- CreateTable
CREATE TABLE "PublishedSection" (
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishedSection_pkey" PRIMARY KEY ("materialSlug","sectionSlug","revision")
);

-- CreateTable
CREATE TABLE "MaterialsVersion" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialsVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PublishedMaterial_status_order_idx" ON "PublishedMaterial"("status", "order");

-- AddForeignKey
ALTER TABLE "PublishedMaterial" ADD CONSTRAINT "PublishedMaterial_audienceUnitId_fkey" FOREIGN KEY ("audienceUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedMaterialRevision" ADD CONSTRAINT "PublishedMaterialRevision_materialSlug_fkey" FOREIGN KEY ("materialSlug") REFERENCES "PublishedMaterial"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedSection" ADD CONSTRAINT "PublishedSection_materialSlug_fkey" FOREIGN KEY ("materialSlug") REFERENCES "PublishedMaterial"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

