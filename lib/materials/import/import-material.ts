import { checkText, decodeTextFile } from "./decode";
import { readDocx } from "./docx-source";
import { MaterialImportError } from "./errors";
import { MAX_PARAGRAPHS_PER_SECTION, MAX_SECTIONS, MAX_TEXT_CHARS, MAX_TITLE_CHARS } from "./limits";
import { splitLongParagraphs } from "./paragraphs";
import { findSections } from "./sections";
import { splitSentences } from "./sentences";
import { blocksFromMarkdown, blocksFromText } from "./text-source";
import { extractTitle } from "./title";
import type { ImportedMaterial, ImportWarning, SourceBlock, SourceFormat } from "./types";
import { warning } from "./warnings";

export type ImportOptions = {
  /** Overrides the title found in the file. */
  title?: string;
  /** Overrides the description taken from the first sentence. */
  description?: string;
};

export type ImportSource =
  | { kind: "file"; fileName: string; bytes: Uint8Array }
  | { kind: "text"; text: string; fileName?: string };

const MAX_DESCRIPTION_CHARS = 150;
/** As the content schema allows (material.md `description`). */
const MAX_DESCRIPTION_OPTION_CHARS = 1000;

/** The format a file name says it is in, or an error naming what can be imported. */
export function formatOf(fileName: string): SourceFormat {
  const extension = /\.([^.]+)$/u.exec(fileName.toLowerCase())?.[1];
  if (extension === "docx") return "docx";
  if (extension === "txt" || extension === "text") return "txt";
  if (extension === "md" || extension === "markdown") return "md";
  if (extension === "doc") throw new MaterialImportError("docx-legacy");
  throw new MaterialImportError("unsupported-type", fileName.replace(/^.*[\\/]/u, ""));
}

type Read = { blocks: SourceBlock[]; warnings: ImportWarning[]; sourceTitle?: string; sourceDescription?: string };

async function readSource(source: ImportSource): Promise<Read> {
  if (source.kind === "text") return { blocks: blocksFromText(checkText(source.text)), warnings: [] };
  const format = formatOf(source.fileName);
  if (format === "docx") {
    const { blocks, imagesDropped } = await readDocx(source.bytes);
    return { blocks, warnings: imagesDropped > 0 ? [warning("images-dropped", imagesDropped)] : [] };
  }
  const text = decodeTextFile(source.bytes);
  if (format === "txt") return { blocks: blocksFromText(text), warnings: [] };
  const markdown = blocksFromMarkdown(text);
  const warnings: ImportWarning[] = [];
  if (markdown.imagesDropped > 0) warnings.push(warning("images-dropped", markdown.imagesDropped));
  if (markdown.rawHtmlRemoved > 0) warnings.push(warning("raw-html-removed", markdown.rawHtmlRemoved));
  return { blocks: markdown.blocks, warnings, sourceTitle: markdown.title, sourceDescription: markdown.description };
}

function blockChars(blocks: SourceBlock[]): number {
  return blocks.reduce((sum, block) => sum + (block.kind === "table" ? block.rows.flat().join("").length : block.text.length), 0);
}

function deriveDescription(material: Pick<ImportedMaterial, "sections">): string | undefined {
  const first = material.sections
    .flatMap((section) => section.paragraphs)
    .find((paragraph) => paragraph.kind === "paragraph" && paragraph.flags.length === 0);
  const sentence = first ? (splitSentences(first.text)[0] ?? first.text).trim() : undefined;
  if (!sentence) return undefined;
  return sentence.length <= MAX_DESCRIPTION_CHARS ? sentence : `${sentence.slice(0, MAX_DESCRIPTION_CHARS - 1)}…`;
}

/**
 * Reads an uploaded .docx/.txt/.md file (or pasted text) into a material: title, sections and
 * flagged paragraphs, with warnings to show in the preview. Nothing is stored. Bad input throws a
 * MaterialImportError with a Chinese message and an English one.
 */
export async function importMaterial(source: ImportSource, options: ImportOptions = {}): Promise<ImportedMaterial> {
  if (options.title !== undefined && (options.title.trim().length === 0 || options.title.trim().length > MAX_TITLE_CHARS)) {
    throw new MaterialImportError("invalid-title");
  }
  if (options.description !== undefined && options.description.trim().length > MAX_DESCRIPTION_OPTION_CHARS) {
    throw new MaterialImportError("invalid-description");
  }
  const read = await readSource(source);
  if (blockChars(read.blocks) > MAX_TEXT_CHARS) throw new MaterialImportError("text-too-large");
  const titled = extractTitle(read.blocks, { title: options.title, sourceTitle: read.sourceTitle, fileName: source.fileName });
  const split = splitLongParagraphs(titled.blocks);
  const found = findSections(split.blocks);
  const warnings = [...read.warnings, ...titled.warnings, ...(split.split ? [warning("sentence-split")] : []), ...found.warnings];

  const { sections } = found;
  if (sections.length === 0) throw new MaterialImportError("no-sections");
  if (sections.length > MAX_SECTIONS) throw new MaterialImportError("too-many-sections");
  const crowded = sections.find((section) => section.paragraphs.length > MAX_PARAGRAPHS_PER_SECTION);
  if (crowded) throw new MaterialImportError("section-too-long", crowded.title);

  const junk = sections.reduce((sum, section) => sum + section.paragraphs.filter((p) => p.flags.includes("junk")).length, 0);
  if (junk > 0) warnings.push(warning("junk-flagged", junk));
  let description = options.description?.trim() || read.sourceDescription;
  if (!description) {
    description = deriveDescription({ sections });
    if (description) warnings.push(warning("description-derived"));
  }
  return { title: titled.title, description, sections, warnings };
}
