import "server-only";
import { listMaterials } from "../content";
import { getCurrentParagraphs } from "./paragraphs";
import { listMyReflections, type ReflectionView } from "./reflections";
import { listAllMyNotes, sortByPlacement, type NoteView } from "./store";

export type NotebookSection = {
  slug: string;
  title: string;
  /** Notes placed in the current text, in text order. */
  notes: NoteView[];
  /** Notes whose passage is gone from the current text (原文已修改), with their quote. */
  orphans: NoteView[];
  reflection: ReflectionView | null;
};

export type NotebookMaterial = { slug: string; title: string; sections: NotebookSection[]; reflection: ReflectionView | null };

/** Everything one reader wrote, by material and section in reading order: what 我的笔记 and the exports show. */
export type Notebook = { ownerName: string; exportedAt: Date; materials: NotebookMaterial[] };

const hasContent = (r: ReflectionView | null | undefined): r is ReflectionView => !!r && r.body.trim().length > 0;

/**
 * The reader's own notebook: only the acting reader's notes and reflections, optionally of one
 * material. Sections and materials with nothing written are left out. Notes on a section that was
 * removed from the material are kept, as 原文已修改.
 */
export async function getMyNotebook(user: { id: number; name: string }, materialSlug?: string, now = new Date()): Promise<Notebook> {
  const [notes, reflections] = await Promise.all([listAllMyNotes(user.id, materialSlug), listMyReflections(user.id, materialSlug)]);
  const reflectionOf = (material: string, section: string | null) =>
    reflections.find((r) => r.materialSlug === material && r.sectionSlug === section && hasContent(r)) ?? null;
  const materials: NotebookMaterial[] = [];
  const known = new Set<string>();
  for (const material of listMaterials()) {
    if (materialSlug && material.slug !== materialSlug) continue;
    const sections: NotebookSection[] = [];
    const sectionEntries: Array<{ slug: string; title: string }> = material.sections.map((s) => ({ slug: s.slug, title: s.title }));
    // Sections that are no longer in the material but still hold notes.
    for (const note of notes) {
      if (note.materialSlug === material.slug && !sectionEntries.some((s) => s.slug === note.sectionSlug)) {
        sectionEntries.push({ slug: note.sectionSlug, title: `已移除的章节（${note.sectionSlug}）` });
      }
    }
    for (const entry of sectionEntries) {
      const own = notes.filter((n) => n.materialSlug === material.slug && n.sectionSlug === entry.slug);
      for (const n of own) known.add(n.id);
      const sorted = sortByPlacement(own, getCurrentParagraphs(material.slug, entry.slug)?.paragraphs ?? []);
      const reflection = reflectionOf(material.slug, entry.slug);
      if (sorted.length === 0 && !reflection) continue;
      sections.push({ slug: entry.slug, title: entry.title, notes: sorted.filter((n) => n.placement), orphans: sorted.filter((n) => !n.placement), reflection });
    }
    const reflection = reflectionOf(material.slug, null);
    if (sections.length > 0 || reflection) materials.push({ slug: material.slug, title: material.title, sections, reflection });
  }
  return { ownerName: user.name, exportedAt: now, materials };
}

/** Counts for headings and file names. */
export function countNotebook(notebook: Notebook): { notes: number; highlights: number; reflections: number } {
  let notes = 0;
  let highlights = 0;
  let reflections = 0;
  for (const material of notebook.materials) {
    if (material.reflection) reflections++;
    for (const section of material.sections) {
      if (section.reflection) reflections++;
      for (const note of [...section.notes, ...section.orphans]) {
        if (note.body.trim()) notes++;
        else highlights++;
      }
    }
  }
  return { notes, highlights, reflections };
}
