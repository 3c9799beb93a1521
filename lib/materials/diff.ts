import { diffArrays } from "diff";

/** A paragraph as the revision machinery knows it: its content-hash id (lib/content/markdown.ts) and text. */
export type DiffParagraph = { id: string; text: string };

export type ParagraphChange =
  | { kind: "added"; after: DiffParagraph }
  | { kind: "removed"; before: DiffParagraph }
  | { kind: "changed"; before: DiffParagraph; after: DiffParagraph };

/** A section as compared: its slug, title and paragraphs in reading order. */
export type DiffSection = { slug: string; title: string; paragraphs: DiffParagraph[] };

export type SectionDiff = {
  slug: string;
  title: string;
  state: "added" | "removed" | "changed" | "unchanged";
  /** The earlier title, when the revision renames the section. */
  previousTitle?: string;
  changes: ParagraphChange[];
  counts: { added: number; changed: number; removed: number };
};

/**
 * The paragraph changes between two versions of a section. Paragraphs are compared by id (a hash of
 * their text), as progress and notes are; within a run of removals and additions at one place, the
 * i-th removed paragraph and the i-th added one are reported as one changed paragraph.
 */
export function diffParagraphs(before: DiffParagraph[], after: DiffParagraph[]): ParagraphChange[] {
  const byId = (list: DiffParagraph[]) => new Map(list.map((p) => [p.id, p]));
  const oldById = byId(before);
  const newById = byId(after);
  const changes: ParagraphChange[] = [];
  let removed: DiffParagraph[] = [];
  let added: DiffParagraph[] = [];
  const flush = () => {
    const paired = Math.min(removed.length, added.length);
    for (let i = 0; i < paired; i++) changes.push({ kind: "changed", before: removed[i]!, after: added[i]! });
    for (const p of removed.slice(paired)) changes.push({ kind: "removed", before: p });
    for (const p of added.slice(paired)) changes.push({ kind: "added", after: p });
    removed = [];
    added = [];
  };
  for (const part of diffArrays(before.map((p) => p.id), after.map((p) => p.id))) {
    if (part.removed) removed.push(...part.value.map((id) => oldById.get(id)!));
    else if (part.added) added.push(...part.value.map((id) => newById.get(id)!));
    else flush();
  }
  flush();
  return changes;
}

function count(changes: ParagraphChange[]): SectionDiff["counts"] {
  return {
    added: changes.filter((c) => c.kind === "added").length,
    changed: changes.filter((c) => c.kind === "changed").length,
    removed: changes.filter((c) => c.kind === "removed").length,
  };
}

/** The per-section paragraph diff of a material revision: every section of either version, new order first, then removed ones. */
export function diffSections(before: DiffSection[], after: DiffSection[]): SectionDiff[] {
  const old = new Map(before.map((s) => [s.slug, s]));
  const current = new Set(after.map((s) => s.slug));
  const diffs = after.map((section): SectionDiff => {
    const earlier = old.get(section.slug);
    const changes = diffParagraphs(earlier?.paragraphs ?? [], section.paragraphs);
    const renamed = earlier !== undefined && earlier.title !== section.title;
    const state = !earlier ? "added" : changes.length > 0 || renamed ? "changed" : "unchanged";
    return { slug: section.slug, title: section.title, state, ...(renamed ? { previousTitle: earlier.title } : {}), changes, counts: count(changes) };
  });
  for (const section of before) {
    if (current.has(section.slug)) continue;
    const changes = diffParagraphs(section.paragraphs, []);
    diffs.push({ slug: section.slug, title: section.title, state: "removed", changes, counts: count(changes) });
  }
  return diffs;
}
