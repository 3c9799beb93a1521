import "server-only";
import { getSection } from "../content";
import { getDb } from "../db";
import type { AnchorParagraph } from "./anchor";

/** The paragraphs of a section in the current version, or undefined for an unknown section. */
export function getCurrentParagraphs(materialSlug: string, sectionSlug: string): { version: string; paragraphs: AnchorParagraph[] } | undefined {
  const view = getSection(materialSlug, sectionSlug);
  if (!view) return undefined;
  return { version: view.section.version, paragraphs: view.section.paragraphs.map(({ id, text }) => ({ id, text })) };
}

/** The paragraphs of one recorded version of a section (the page a reader had open may be older). */
export async function getParagraphsOfVersion(materialSlug: string, sectionSlug: string, version: string): Promise<AnchorParagraph[] | undefined> {
  const current = getCurrentParagraphs(materialSlug, sectionSlug);
  if (!current) return undefined;
  if (current.version === version) return current.paragraphs;
  const db = await getDb();
  const revision = await db.sectionRevision.findUnique({
    where: { materialSlug_sectionSlug_version: { materialSlug, sectionSlug, version } },
    select: { paragraphs: true },
  });
  return revision ? (JSON.parse(revision.paragraphs) as AnchorParagraph[]) : undefined;
}
