-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "maxAttempts" INTEGER;
