import type { Element, ElementContent, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import mammoth from "mammoth";
import { checkInflatedSize, getUnzippedSize, XlsxReadError } from "@/lib/import/xlsx";
import { MaterialImportError } from "./errors";
import { MAX_DOCX_BYTES, MAX_DOCX_INFLATED_BYTES } from "./limits";
import type { SourceBlock } from "./types";

export type DocxSource = { blocks: SourceBlock[]; imagesDropped: number };

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
// An OLE compound file: a legacy .doc, or a .docx that Word encrypted with a password.
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

// Word's built-in styles by their Chinese names too (WPS and some templates write them so), and the
// Title style as the material's title. mammoth's default map already covers "heading 1"…"heading 6".
const STYLE_MAP = [
  "p[style-name='Title'] => h1.doc-title:fresh",
  "p[style-name='标题'] => h1.doc-title:fresh",
  ...[1, 2, 3, 4, 5, 6].map((level) => `p[style-name='标题 ${level}'] => h${level}:fresh`),
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(text, "utf16le"));
}

/** Refuses what is not a plain .docx before anything inflates it: sizes first, declared then real. */
async function checkDocxContainer(bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) throw new MaterialImportError("empty-file");
  if (bytes.length > MAX_DOCX_BYTES) throw new MaterialImportError("file-too-large");
  if (startsWith(bytes, OLE_SIGNATURE)) {
    throw new MaterialImportError(containsUtf16(bytes, "EncryptionInfo") ? "docx-encrypted" : "docx-legacy");
  }
  if (!startsWith(bytes, ZIP_SIGNATURE)) throw new MaterialImportError("docx-corrupt");
  const declared = getUnzippedSize(bytes);
  if (declared === null) throw new MaterialImportError("docx-corrupt");
  if (declared > MAX_DOCX_INFLATED_BYTES) throw new MaterialImportError("docx-inflates-too-much");
  try {
    await checkInflatedSize(bytes, MAX_DOCX_INFLATED_BYTES);
  } catch (error) {
    if (error instanceof XlsxReadError && error.reason === "too-large") throw new MaterialImportError("docx-inflates-too-much");
    throw new MaterialImportError("docx-corrupt");
  }
  // Every .docx names its main part in the central directory; an .xlsx or a zip of photos does not.
  if (!Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes("word/document.xml")) {
    throw new MaterialImportError("docx-not-word");
  }
}

function textOf(node: ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type !== "element") return "";
  if (node.tagName === "br") return "\n";
  return node.children.map(textOf).join("");
}

/**
 * Runs of spaces, tabs and the like become one space; the ideographic space (U+3000) is text, as
 * in "第一条　为了…", and stays verbatim, as it does from a .txt file.
 */
function collapseSpaces(text: string): string {
  return text.replace(/[^\S\u3000]+/gu, " ").replace(/^ +| +$/gu, "");
}

function linesOf(node: Element): string[] {
  return textOf(node)
    .split("\n")
    .map(collapseSpaces)
    .filter((line) => line.length > 0);
}

function countImages(node: Root | Element): number {
  return node.children.reduce(
    (sum, child) => sum + (child.type === "element" ? (child.tagName === "img" ? 1 : 0) + countImages(child) : 0),
    0,
  );
}

function listBlocks(list: Element): SourceBlock[] {
  const ordered = list.tagName === "ol";
  return list.children.flatMap((item): SourceBlock[] => {
    if (item.type !== "element" || item.tagName !== "li") return [];
    const own = item.children.filter((child) => !(child.type === "element" && (child.tagName === "ul" || child.tagName === "ol")));
    const text = collapseSpaces(own.map(textOf).join(""));
    const nested = item.children.flatMap((child) =>
      child.type === "element" && (child.tagName === "ul" || child.tagName === "ol") ? listBlocks(child) : [],
    );
    return [...(text ? [{ kind: "list-item" as const, text, ordered }] : []), ...nested];
  });
}

function tableRows(table: Element): string[][] {
  const rows: string[][] = [];
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (child.type !== "element") continue;
      if (child.tagName === "tr") {
        rows.push(
          child.children
            .filter((cell): cell is Element => cell.type === "element" && (cell.tagName === "td" || cell.tagName === "th"))
            .map((cell) => textOf(cell).replace(/\s+/gu, " ").trim()),
        );
      } else if (child.tagName !== "table") {
        walk(child); // thead, tbody
      }
    }
  };
  walk(table);
  return rows.filter((row) => row.some((cell) => cell.length > 0));
}

function blocksOf(node: Element): SourceBlock[] {
  const heading = /^h([1-6])$/u.exec(node.tagName);
  if (heading) {
    const text = linesOf(node).join(" ");
    if (!text) return [];
    const classes = node.properties.className;
    if (Array.isArray(classes) && classes.includes("doc-title")) return [{ kind: "title", text }];
    return [{ kind: "heading", level: Number(heading[1]), text }];
  }
  if (node.tagName === "p") return linesOf(node).map((text) => ({ kind: "paragraph", text }));
  if (node.tagName === "ul" || node.tagName === "ol") return listBlocks(node);
  if (node.tagName === "table") {
    const rows = tableRows(node);
    return rows.length > 0 ? [{ kind: "table", rows }] : [];
  }
  return node.children.flatMap((child) => (child.type === "element" ? blocksOf(child) : []));
}

/**
 * A Word file's headings (by style), paragraphs, list items and tables. The archive is measured
 * (declared and real inflated size) before mammoth opens it; images are counted, never read.
 */
export async function readDocx(bytes: Uint8Array): Promise<DocxSource> {
  await checkDocxContainer(bytes);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // The image's bytes are never read or stored: an empty src is enough to count it.
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      },
    );
    html = result.value;
  } catch (error) {
    console.warn("[materials] docx could not be converted:", (error as Error).message);
    throw new MaterialImportError("docx-corrupt");
  }
  const tree = fromHtml(html, { fragment: true });
  const blocks = tree.children.flatMap((child) => (child.type === "element" ? blocksOf(child) : []));
  return { blocks, imagesDropped: countImages(tree) };
}
