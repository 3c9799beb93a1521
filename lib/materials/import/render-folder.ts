import { MATERIAL_FILE } from "@/lib/content/loader";
import { slugSchema } from "@/lib/content/schema";
import { MaterialImportError } from "./errors";
import type { ImportedMaterial, ImportedParagraph } from "./types";

export type RenderOptions = {
  /** Position on the home page (material.md `order`). */
  order: number;
  /** Leave out paragraphs with these flags (the CLI leaves out probable junk; the preview lets an editor decide). */
  dropFlagged?: ImportedParagraph["flags"];
};

/** File name → contents of a `content/<slug>/` folder. */
export type ContentFolder = Record<string, string>;

/**
 * Escapes text so Markdown reads it as the same text: every ASCII punctuation mark Markdown gives a
 * meaning to, and line starts that would open a list, heading or thematic break. Raw HTML in the text
 * is thereby plain text (and the renderer drops raw HTML anyway).
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&#]/gu, "\\$&")
    .replace(/^([-+=])/u, "\\$1")
    .replace(/^(\d+)([.)])/u, "$1\\$2");
}

function cell(text: string): string {
  return escapeMarkdownText(text.replace(/\s+/gu, " ").trim()) || " ";
}

function renderTable(rows: string[][]): string {
  const width = Math.max(...rows.map((row) => row.length));
  const line = (row: string[]) => `| ${Array.from({ length: width }, (_, i) => cell(row[i] ?? "")).join(" | ")} |`;
  const [header = [], ...body] = rows;
  return [line(header), `| ${Array.from({ length: width }, () => "---").join(" | ")} |`, ...body.map(line)].join("\n");
}

/** A section body: blocks separated by blank lines, consecutive list items kept in one list. */
export function renderSectionBody(paragraphs: ImportedParagraph[]): string {
  const out: string[] = [];
  let number = 0;
  paragraphs.forEach((paragraph, index) => {
    const previous = paragraphs[index - 1];
    const continuesList = paragraph.kind === "list-item" && previous?.kind === "list-item" && previous.ordered === paragraph.ordered;
    number = continuesList ? number + 1 : 1;
    const separator = out.length === 0 ? "" : continuesList ? "\n" : "\n\n";
    switch (paragraph.kind) {
      case "heading":
        out.push(`${separator}## ${escapeMarkdownText(paragraph.text)}`);
        break;
      case "list-item":
        out.push(`${separator}${paragraph.ordered ? `${number}.` : "-"} ${escapeMarkdownText(paragraph.text)}`);
        break;
      case "table":
        out.push(`${separator}${renderTable(paragraph.rows)}`);
        break;
      case "paragraph":
        out.push(`${separator}${escapeMarkdownText(paragraph.text)}`);
    }
  });
  return `${out.join("")}\n`;
}

function frontmatter(fields: Record<string, string | number | string[]>): string {
  const lines = Object.entries(fields).flatMap(([key, value]) => {
    if (Array.isArray(value)) return [`${key}:`, ...value.map((item) => `  - ${item}`)];
    // JSON strings are YAML double-quoted strings: quotes, backslashes and colons stay text.
    return [`${key}: ${typeof value === "number" ? value : JSON.stringify(value)}`];
  });
  return `---\n${lines.join("\n")}\n---\n`;
}

/**
 * The files of a `content/<slug>/` folder for an imported material, in exactly the format the
 * loader reads (material.md listing the sections, one <section>.md each).
 */
export function renderContentFolder(material: ImportedMaterial, options: RenderOptions): ContentFolder {
  const drop = new Set(options.dropFlagged ?? []);
  const sections = material.sections
    .map((section) => ({ ...section, paragraphs: section.paragraphs.filter((p) => !p.flags.some((flag) => drop.has(flag))) }))
    .filter((section) => section.paragraphs.length > 0);
  if (sections.length === 0) throw new MaterialImportError("no-sections");
  for (const section of sections) {
    if (!slugSchema.safeParse(section.slug).success) throw new MaterialImportError("invalid-slug", section.slug);
  }
  const files: ContentFolder = {
    [MATERIAL_FILE]: frontmatter({
      title: material.title,
      description: material.description?.trim() || material.title,
      order: options.order,
      sections: sections.map((section) => section.slug),
    }),
  };
  for (const section of sections) {
    files[`${section.slug}.md`] = `${frontmatter({ title: section.title })}\n${renderSectionBody(section.paragraphs)}`;
  }
  return files;
}
