// Every limit the importer enforces, in one place (docs/materials.md lists them).

/** A .docx upload: Word files with photos reach a few MB; images are not imported anyway. */
export const MAX_DOCX_BYTES = 20 * 1024 * 1024;
/** What a .docx may inflate to, counted byte by byte before mammoth sees it (zip bombs). */
export const MAX_DOCX_INFLATED_BYTES = 100 * 1024 * 1024;
/** A .txt or .md upload, and the text a .docx converts to: a long 条例 is ~100 kB, a speech ~50 kB. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
export const MAX_TEXT_CHARS = 1_000_000;
export const MAX_SECTIONS = 200;
export const MAX_PARAGRAPHS_PER_SECTION = 1_000;
/** A line longer than this is a whole document pasted as one line: it is split at sentence ends. */
export const LONG_LINE_CHARS = 1_000;
/** Sentences from a long line are grouped into paragraphs of about this many characters. */
export const PARAGRAPH_TARGET_CHARS = 200;
/** Titles (material and section) as the content schema allows them. */
export const MAX_TITLE_CHARS = 200;
