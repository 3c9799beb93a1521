import { renderMarkdown } from "@/lib/content/markdown";
import { materialFrontmatterSchema, sectionFrontmatterSchema, slugSchema } from "@/lib/content/schema";
import { MaterialImportError } from "./import/errors";
import { MAX_PARAGRAPHS_PER_SECTION, MAX_SECTIONS, MAX_TEXT_CHARS } from "./import/limits";
import { renderSectionBody } from "./import/render-folder";
import type { ImportedSection, ParagraphFlag } from "./import/types";
import type { DiffParagraph } from "./diff";
import { MaterialStoreError } from "./errors";

/** What the preview hands to publish or revise: the importer's sections after the editor's changes. */
export type MaterialText = {
  title: string;
  description?: string;
  /** Home-page position (material.md `order`); 0 by default. */
  order?: number;
  sections: ImportedSection[];
  /** Leave out paragraphs with these flags (probable junk the editor did not keep). */
  dropFlagged?: ParagraphFlag[];
};

/** A section as stored: the importer's Markdown and what the content renderer makes of it. */
export type PreparedSection = { slug: string; title: string; body: string; version: string; paragraphs: DiffParagraph[] };

export type PreparedMaterial = { title: string; description: string; order: number; sections: PreparedSection[] };

/**
 * Checks a material against the importer's limits and content/'s frontmatter rules and renders each
 * section's Markdown exactly as a content/ folder would hold it. Throws MaterialImportError or
 * MaterialStoreError (Chinese message) before anything is stored.
 */
export function prepareMaterial(text: MaterialText): PreparedMaterial {
  const title = text.title.trim();
  const description = text.description?.trim() || title;
  const order = text.order ?? 0;
  if (!sectionFrontmatterSchema.shape.title.safeParse(title).success) throw new MaterialImportError("invalid-title");
  if (!materialFrontmatterSchema.shape.description.safeParse(description).success) throw new MaterialImportError("invalid-description");
  if (!materialFrontmatterSchema.shape.order.safeParse(order).success) throw new RangeError("order must be a non-negative integer");
  const drop = new Set(text.dropFlagged ?? []);
  const kept = text.sections
    .map((section) => ({ ...section, paragraphs: section.paragraphs.filter((p) => !p.flags.some((flag) => drop.has(flag))) }))
    .filter((section) => section.paragraphs.length > 0);
  if (kept.length === 0) throw new MaterialImportError("no-sections");
  if (kept.length > MAX_SECTIONS) throw new MaterialImportError("too-many-sections");
  const seen = new Set<string>();
  let chars = 0;
  const sections = kept.map((section): PreparedSection | null => {
    if (!slugSchema.safeParse(section.slug).success) throw new MaterialImportError("invalid-slug", section.slug);
    if (seen.has(section.slug)) throw new MaterialStoreError("duplicate-section", section.slug);
    seen.add(section.slug);
    const sectionTitle = section.title.trim();
    if (!sectionFrontmatterSchema.shape.title.safeParse(sectionTitle).success) throw new MaterialImportError("invalid-title", section.slug);
    if (section.paragraphs.length > MAX_PARAGRAPHS_PER_SECTION) throw new MaterialImportError("section-too-long", sectionTitle);
    chars += section.paragraphs.reduce((sum, p) => sum + p.text.length, 0);
    if (chars > MAX_TEXT_CHARS) throw new MaterialImportError("text-too-large");
    const body = renderSectionBody(section.paragraphs);
    const rendered = renderMarkdown(body);
    // Paragraphs of nothing but spaces render to nothing; the loader refuses an empty section.
    if (rendered.paragraphs.length === 0) return null;
    return { slug: section.slug, title: sectionTitle, body, version: rendered.version, paragraphs: rendered.paragraphs.map(({ id, text }) => ({ id, text })) };
  });
  const nonEmpty = sections.filter((s): s is PreparedSection => s !== null);
  if (nonEmpty.length === 0) throw new MaterialImportError("no-sections");
  return { title, description, order, sections: nonEmpty };
}
