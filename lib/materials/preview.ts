import "server-only";
import { renderMarkdown } from "@/lib/content/markdown";
import { diffSections, type SectionDiff } from "./diff";
import type { EditorMaterial } from "./editor";
import { importMaterial, renderSectionBody, type ImportedMaterial, type ImportedSection } from "./import";
import { prepareMaterial, type MaterialText } from "./prepare";
import type { PublishedMaterialView } from "./read";

/*
 * The server side of the preview editor: what the importer found, with every paragraph rendered by
 * the readers' renderer (renderMarkdown of renderSectionBody, as the stored Markdown will be);
 * a stored material read back into editable sections; and the diff a revision would make.
 */

/** Each paragraph with its preview HTML, rendered exactly as the published section will render it. */
export function withPreviewHtml(material: ImportedMaterial): EditorMaterial {
  return {
    ...material,
    sections: material.sections.map((section) => ({
      ...section,
      paragraphs: section.paragraphs.map((paragraph) => ({ ...paragraph, html: renderMarkdown(renderSectionBody([paragraph])).html })),
    })),
  };
}

function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * A published revision as editable sections: its stored Markdown read back by the importer (one
 * top-level heading per section, the body's own headings are level 2), keeping the stored slugs so
 * that a revision compares section by section.
 */
export async function toEditableMaterial(view: Pick<PublishedMaterialView, "title" | "description" | "sections">): Promise<ImportedMaterial> {
  const markdown = [
    `---\ntitle: ${yamlString(view.title)}\ndescription: ${yamlString(view.description)}\n---\n`,
    ...view.sections.map((section) => `# ${section.title.replace(/[\\`*_[\]<>|~&#]/gu, "\\$&")}\n\n${section.body}`),
  ].join("\n");
  const imported = await importMaterial({ kind: "file", fileName: "current.md", bytes: new TextEncoder().encode(markdown) });
  if (imported.sections.length !== view.sections.length) {
    throw new Error(`stored material read back into ${imported.sections.length} sections instead of ${view.sections.length}`);
  }
  const sections: ImportedSection[] = imported.sections.map((section, i) => ({ ...section, slug: view.sections[i]!.slug, title: view.sections[i]!.title }));
  return { title: view.title, description: view.description, sections, warnings: [] };
}

/**
 * The per-section paragraph diff a revision would make against the current revision, computed as
 * reviseMaterial computes it; nothing is stored. Throws the same typed errors as prepareMaterial.
 */
export function diffRevision(current: Pick<PublishedMaterialView, "sections" | "order">, text: MaterialText): SectionDiff[] {
  const material = prepareMaterial({ ...text, order: text.order ?? current.order });
  return diffSections(
    current.sections.map((s) => ({ slug: s.slug, title: s.title, paragraphs: renderMarkdown(s.body).paragraphs })),
    material.sections,
  );
}
