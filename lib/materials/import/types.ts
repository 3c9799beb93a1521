/** Why a paragraph is shown with a mark in the preview; "junk" is probably not part of the material. */
export type ParagraphFlag = "junk";

/** One block of a section as it will be stored: a paragraph, a heading inside the section, a list item or a table. */
export type ImportedParagraph =
  | { kind: "paragraph"; text: string; flags: ParagraphFlag[] }
  | { kind: "heading"; text: string; flags: ParagraphFlag[] }
  | { kind: "list-item"; text: string; ordered: boolean; flags: ParagraphFlag[] }
  | { kind: "table"; text: string; rows: string[][]; flags: ParagraphFlag[] };

export type ImportedSection = {
  /** File name and URL segment (`part-1`, `chapter-2`, `intro`, `summary`, `section-3`…). */
  slug: string;
  title: string;
  paragraphs: ImportedParagraph[];
};

/** Something the person importing should check; the import itself went through. */
export type ImportWarning = { code: ImportWarningCode; message: string; englishMessage: string };

export type ImportWarningCode =
  | "title-guessed"
  | "title-from-file-name"
  | "description-derived"
  | "images-dropped"
  | "raw-html-removed"
  | "no-structure"
  | "sentence-split"
  | "empty-section"
  | "toc-removed"
  | "junk-flagged";

/** The result of reading an uploaded file: previewable, editable, and renderable to a content/ folder. */
export type ImportedMaterial = {
  title: string;
  description?: string;
  sections: ImportedSection[];
  warnings: ImportWarning[];
};

/** The file formats the importer reads. */
export type SourceFormat = "docx" | "txt" | "md";

/**
 * A block of the source before sections are found: what a Word paragraph, a text line, a group of
 * sentences from a long line, or a Markdown block becomes.
 */
export type SourceBlock =
  | { kind: "paragraph"; text: string }
  /** A heading from the source's own markup (Word heading styles, Markdown `#`). */
  | { kind: "heading"; level: number; text: string }
  /** Word's Title style: the material's title. */
  | { kind: "title"; text: string }
  | { kind: "list-item"; text: string; ordered: boolean }
  | { kind: "table"; rows: string[][] };
