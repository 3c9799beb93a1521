import type { Notebook } from "./notebook";
import { matchesQuery, splitQuery } from "./text-search";

/**
 * 我的笔记's filter: one material or section, and search words that must all occur in a note (its
 * text or the passage it quotes) or a 心得. Sections and materials left empty disappear.
 */
export function filterNotebook(notebook: Notebook, filter: { material?: string; section?: string; q?: string }): Notebook {
  const words = splitQuery(filter.q ?? "");
  const materials = notebook.materials
    .filter((m) => !filter.material || m.slug === filter.material)
    .map((material) => {
      const sections = material.sections
        .filter((s) => !filter.section || s.slug === filter.section)
        .map((section) => ({
          ...section,
          notes: section.notes.filter((n) => matchesQuery(words, [n.body, n.quote])),
          orphans: section.orphans.filter((n) => matchesQuery(words, [n.body, n.quote])),
          reflection: section.reflection && matchesQuery(words, [section.reflection.body]) ? section.reflection : null,
        }))
        .filter((s) => s.notes.length + s.orphans.length > 0 || s.reflection);
      const reflection = !filter.section && material.reflection && matchesQuery(words, [material.reflection.body]) ? material.reflection : null;
      return { ...material, sections, reflection };
    })
    .filter((m) => m.sections.length > 0 || m.reflection);
  return { ...notebook, materials };
}
