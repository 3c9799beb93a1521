import "server-only";
import { getDb } from "../db";
import { listBuiltInMaterials } from "./index";

/**
 * Records the current version of every content/ section, keeping earlier versions (published
 * materials record theirs when they are published: lib/materials/store.ts). Runs at server start;
 * one atomic INSERT … ON CONFLICT DO NOTHING per section, so concurrent starts cannot clash.
 * Returns how many sections had a version not seen before.
 */
export async function syncSectionRevisions(): Promise<number> {
  const db = await getDb();
  // The same ISO-8601 text Prisma writes for DateTime columns, so the rows read back as dates.
  const now = new Date().toISOString();
  let added = 0;
  for (const material of listBuiltInMaterials()) {
    for (const section of material.sections) {
      const paragraphs = JSON.stringify(section.paragraphs.map(({ id, text }) => ({ id, text })));
      added += await db.$executeRaw`
        INSERT INTO "SectionRevision" ("materialSlug", "sectionSlug", "version", "paragraphs", "createdAt")
        VALUES (${material.slug}, ${section.slug}, ${section.version}, ${paragraphs}, ${now})
        ON CONFLICT ("materialSlug", "sectionSlug", "version") DO NOTHING`;
    }
  }
  return added;
}

