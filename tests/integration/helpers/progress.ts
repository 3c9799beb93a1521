import type { Section } from "@/lib/content";

type Db = Awaited<ReturnType<typeof import("@/lib/db").getDb>>;

/**
 * A section's progress row written straight into the table, as the beat merge would leave a section
 * read in full (completed at `completedAt`, or read but not completed when it is null). The counter
 * triggers run as for any write.
 */
export async function insertSectionProgress(db: Db, userId: number, materialSlug: string, section: Section, completedAt: Date | null, activeSeconds = 900) {
  await db.sectionProgress.create({
    data: {
      userId,
      materialSlug,
      sectionSlug: section.slug,
      version: section.version,
      readParagraphs: JSON.stringify(section.paragraphs.map((p) => p.id)),
      readChars: section.chars,
      activeSeconds,
      lastBeatAt: completedAt ?? new Date(),
      completedAt,
      completedVersion: completedAt ? section.version : null,
    },
  });
}
