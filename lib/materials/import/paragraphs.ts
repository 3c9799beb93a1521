import { isProbableJunk } from "./junk";
import { LONG_LINE_CHARS, PARAGRAPH_TARGET_CHARS } from "./limits";
import { markerOf } from "./markers";
import { splitSentences } from "./sentences";
import type { SourceBlock } from "./types";

const NUM = "[一二三四五六七八九十百零〇两]+";
// In a regulation pasted as one line, chapters and articles follow a space or a closing bracket
// (the adoption line) rather than a full stop: they start a new piece there too.
const INLINE_DIVISION = new RegExp(`(?<=[\\s\\u3000）)])(?=第${NUM}[章节条])`, "u");

/** Whether the text reads like a regulation: articles (第一条…) as its paragraphs. */
export function isRegulation(blocks: SourceBlock[]): boolean {
  const pattern = new RegExp(`(?:^|[\\s\\u3000。；）)])第${NUM}条`, "gu");
  let count = 0;
  for (const block of blocks) if (block.kind === "paragraph") count += block.text.match(pattern)?.length ?? 0;
  return count >= 2;
}

function piecesOf(line: string): string[] {
  return line
    .split(INLINE_DIVISION)
    .flatMap(splitSentences)
    .filter((piece) => piece.trim().length > 0);
}

/**
 * Splits one long line into paragraphs at sentence ends only: a paragraph closes once it reaches
 * about PARAGRAPH_TARGET_CHARS (in a regulation, only where the next article starts), and a numbered
 * division or a piece of web-page junk always starts a paragraph of its own.
 */
export function splitLongLine(line: string, regulation: boolean): string[] {
  const paragraphs: string[] = [];
  let current = "";
  let currentIsJunk = false;
  for (const piece of piecesOf(line)) {
    const junk = isProbableJunk(piece);
    const full = !regulation && current.length >= PARAGRAPH_TARGET_CHARS;
    if (current && (full || junk || currentIsJunk || markerOf(piece) || markerOf(current)?.kind === "chapter")) {
      paragraphs.push(current.trim());
      current = "";
    }
    current = current ? `${current}${piece}` : piece;
    currentIsJunk = junk;
  }
  if (current.trim()) paragraphs.push(current.trim());
  return paragraphs;
}

/**
 * Every paragraph longer than LONG_LINE_CHARS split at sentence ends, and so is the text's only
 * paragraph when it is a few paragraphs long (a short regulation pasted as one line); the rest untouched.
 */
export function splitLongParagraphs(blocks: SourceBlock[]): { blocks: SourceBlock[]; split: boolean } {
  const regulation = isRegulation(blocks);
  const paragraphs = blocks.filter((block) => block.kind === "paragraph" && !isProbableJunk(block.text));
  const limit = paragraphs.length === 1 ? PARAGRAPH_TARGET_CHARS : LONG_LINE_CHARS;
  let split = false;
  const result = blocks.flatMap((block): SourceBlock[] => {
    if (block.kind !== "paragraph" || block.text.length <= limit) return [block];
    split = true;
    return splitLongLine(block.text, regulation).map((text) => ({ kind: "paragraph", text }));
  });
  return { blocks: result, split };
}
