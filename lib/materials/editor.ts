import type { ImportedMaterial, ImportedParagraph, ImportedSection } from "./import/types";

/*
 * The preview editor's operations (rename a section, merge it with the next, split it at a
 * paragraph, drop a paragraph). Pure functions over the importer's sections, used by the browser
 * editor and tested on their own; each returns a new list and leaves its input untouched. Paragraph
 * texts are never changed here, so a paragraph's rendered preview stays valid whatever is done.
 */

/** A paragraph in the editor: the importer's paragraph, with its preview HTML rendered on the server. */
export type EditorParagraph = ImportedParagraph & { html?: string };
export type EditorSection = { slug: string; title: string; paragraphs: EditorParagraph[] };
/** What the import step hands to the editor. */
export type EditorMaterial = Omit<ImportedMaterial, "sections"> & { sections: EditorSection[] };

const MAX_SECTION_TITLE = 200;
const SPLIT_TITLE_CHARS = 30;

/** Renames a section; an empty title is refused here, as the content schema refuses it. */
export function renameSection<S extends EditorSection>(sections: S[], index: number, title: string): S[] {
  const clean = title.replace(/\s+/gu, " ").trim();
  if (!sections[index]) throw new RangeError(`no section ${index}`);
  if (clean.length === 0 || clean.length > MAX_SECTION_TITLE) throw new RangeError("section title must be 1 to 200 characters");
  return sections.map((section, i) => (i === index ? { ...section, title: clean } : section));
}

/** Appends the next section's paragraphs to this one; the merged section keeps this one's slug and title. */
export function mergeWithNext<S extends EditorSection>(sections: S[], index: number): S[] {
  const section = sections[index];
  const next = sections[index + 1];
  if (!section || !next) throw new RangeError(`no section after ${index}`);
  const merged = { ...section, paragraphs: [...section.paragraphs, ...next.paragraphs] };
  return [...sections.slice(0, index), merged, ...sections.slice(index + 2)];
}

/** A slug not used by any section, derived from `base` (`part-2-2`, `part-2-3`, …). */
export function uniqueSectionSlug(sections: EditorSection[], base: string): string {
  const used = new Set(sections.map((section) => section.slug));
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

function titleFromParagraph(paragraph: EditorParagraph | undefined, fallback: string): string {
  const text = paragraph && paragraph.kind !== "table" ? paragraph.text.replace(/\s+/gu, " ").trim() : "";
  if (!text) return fallback;
  const clause = text.split(/[，。；：！？,.;:!?]/u)[0]?.trim() || text;
  return clause.length <= SPLIT_TITLE_CHARS ? clause : `${clause.slice(0, SPLIT_TITLE_CHARS)}…`;
}

/**
 * Splits a section before the paragraph at `paragraphIndex`: that paragraph and those after it
 * become a new section right after it, with a new slug and a title taken from its first clause
 * (a heading's text when it starts with one). Splitting before the first paragraph is refused.
 */
export function splitSection<S extends EditorSection>(sections: S[], index: number, paragraphIndex: number): S[] {
  const section = sections[index];
  if (!section) throw new RangeError(`no section ${index}`);
  if (paragraphIndex <= 0 || paragraphIndex >= section.paragraphs.length) throw new RangeError(`cannot split section ${index} at ${paragraphIndex}`);
  const rest = section.paragraphs.slice(paragraphIndex);
  const head = { ...section, paragraphs: section.paragraphs.slice(0, paragraphIndex) };
  const tail = { ...section, slug: uniqueSectionSlug(sections, section.slug), title: titleFromParagraph(rest[0], `${section.title}（续）`), paragraphs: rest };
  return [...sections.slice(0, index), head, tail, ...sections.slice(index + 1)];
}

/** Drops one paragraph; a section left with no paragraphs is dropped with it. */
export function dropParagraph<S extends EditorSection>(sections: S[], index: number, paragraphIndex: number): S[] {
  const section = sections[index];
  if (!section?.paragraphs[paragraphIndex]) throw new RangeError(`no paragraph ${paragraphIndex} in section ${index}`);
  const paragraphs = section.paragraphs.filter((_, i) => i !== paragraphIndex);
  if (paragraphs.length === 0) return sections.filter((_, i) => i !== index);
  return sections.map((s, i) => (i === index ? { ...s, paragraphs } : s));
}

/** Drops every paragraph with the flag (the "删除全部疑似无关内容" button). */
export function dropFlagged<S extends EditorSection>(sections: S[], flag: ImportedParagraph["flags"][number]): S[] {
  return sections
    .map((section) => ({ ...section, paragraphs: section.paragraphs.filter((p) => !p.flags.includes(flag)) }))
    .filter((section) => section.paragraphs.length > 0);
}

/** How many paragraphs carry the flag. */
export function countFlagged(sections: EditorSection[], flag: ImportedParagraph["flags"][number]): number {
  return sections.reduce((sum, section) => sum + section.paragraphs.filter((p) => p.flags.includes(flag)).length, 0);
}

/** The sections as the server takes them: the preview HTML left out. */
export function toImportedSections(sections: EditorSection[]): ImportedSection[] {
  return sections.map((section) => ({
    slug: section.slug,
    title: section.title,
    paragraphs: section.paragraphs.map(({ html: _html, ...paragraph }) => paragraph),
  }));
}
