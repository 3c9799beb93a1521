import type { Section } from "@/lib/content";

type Db = Awaited<ReturnType<typeof import("@/lib/db").getDb>>;

/**
 * A section's progress row written straight into the table, as the beat merge would leave a section
 * read in full (completed at `completedAt`, or read but not completed when it is null). The counter
 * triggers run as for any write.
 */
export async function insertSectionProgress(
  db: Db,
  userId: number,
  materialSlug: string,
  section: Section,
  completedAt: Date | null,
  activeSeconds = 900,
  /** The paragraphs read, when not all of them (only with completedAt null). */
  paragraphIds?: string[],
) {
  const read = paragraphIds ?? section.paragraphs.map((p) => p.id);
  const chars = section.paragraphs.filter((p) => read.includes(p.id)).reduce((sum, p) => sum + p.chars, 0);
  await db.sectionProgress.create({
    data: {
      userId,
      materialSlug,
      sectionSlug: section.slug,
      version: section.version,
      readParagraphs: JSON.stringify(read),
      readChars: chars,
      activeSeconds,
      lastBeatAt: completedAt ?? new Date(),
      completedAt,
      completedVersion: completedAt ? section.version : null,
    },
  });
}

/** Paragraph ids of a section's text before a simulated revision: the last paragraph was added since. */
export const OLD_ONLY_PARAGRAPH = "p-0ld0n1y000";

/**
 * Makes it as if `section` had been revised since its rows were written: an earlier version whose text
 * lacked the section's last paragraph (and had one paragraph since removed) is recorded, the
 * section's rows are moved back to that version (completions included), and MaterialInfo says that
 * version was the one deployed. The next syncMaterialCatalog then sees the current version as a newly
 * published revision. The readers in `readNewParagraph` keep the last paragraph in their read set (as
 * if they had read that text before); the others never read it. Returns the added paragraph's id.
 */
export async function simulateEarlierVersion(
  db: Db,
  materialSlug: string,
  section: Section,
  readNewParagraph: ReadonlySet<number> = new Set(),
  oldVersion = "0ldversion01",
): Promise<string> {
  const last = section.paragraphs.at(-1)!;
  const oldParagraphs = [...section.paragraphs.slice(0, -1).map(({ id, text }) => ({ id, text })), { id: OLD_ONLY_PARAGRAPH, text: "已删去的一段。" }];
  await db.sectionRevision.upsert({
    where: { materialSlug_sectionSlug_version: { materialSlug, sectionSlug: section.slug, version: oldVersion } },
    create: { materialSlug, sectionSlug: section.slug, version: oldVersion, paragraphs: JSON.stringify(oldParagraphs) },
    update: {},
  });
  const rows = await db.sectionProgress.findMany({ where: { materialSlug, sectionSlug: section.slug } });
  for (const row of rows) {
    await db.sectionProgress.update({
      where: { userId_materialSlug_sectionSlug: { userId: row.userId, materialSlug, sectionSlug: section.slug } },
      data: {
        version: oldVersion,
        completedVersion: row.completedVersion ? oldVersion : null,
        readParagraphs: JSON.stringify([
          ...(JSON.parse(row.readParagraphs) as string[]).filter((id) => id !== last.id || readNewParagraph.has(row.userId)),
          OLD_ONLY_PARAGRAPH,
        ]),
      },
    });
  }
  const info = await db.materialInfo.findUniqueOrThrow({ where: { slug: materialSlug } });
  const versions = JSON.parse(info.sectionVersions) as Record<string, string>;
  await db.materialInfo.update({ where: { slug: materialSlug }, data: { sectionVersions: JSON.stringify({ ...versions, [section.slug]: oldVersion }) } });
  return last.id;
}
