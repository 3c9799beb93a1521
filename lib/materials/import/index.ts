// The material importer: a .docx, .txt or .md file (or pasted text) in, a previewable material and
// the files of a content/ folder out. Pure except write-folder.ts, which is server-only.
export { MaterialImportError, type ImportErrorCode } from "./errors";
export { formatOf, importMaterial, type ImportOptions, type ImportSource } from "./import-material";
export * as limits from "./limits";
export { escapeMarkdownText, renderContentFolder, renderSectionBody, type ContentFolder, type RenderOptions } from "./render-folder";
export type * from "./types";
