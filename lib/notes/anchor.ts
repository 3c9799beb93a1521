import { NOTE_RULES } from "./rules";

/** A paragraph of a section's text, as the content module renders it (lib/content/markdown.ts). */
export type AnchorParagraph = { id: string; text: string };

/** Where a note was made: the paragraph, the quote's offset in it, and the quote with its context. */
export type StoredAnchor = { paragraphId: string; startOffset: number; quote: string; prefix: string; suffix: string };

/** Where a note sits in the current text. */
export type Placement = { paragraphId: string; start: number; end: number };

/** The context stored with a new note: up to `contextChars` characters either side of the quote. */
export function contextAround(text: string, start: number, length: number): { prefix: string; suffix: string } {
  const n = NOTE_RULES.contextChars;
  return { prefix: text.slice(Math.max(0, start - n), start), suffix: text.slice(start + length, start + length + n) };
}

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

// A quote this short could stand anywhere; outside its own paragraph it must bring some context.
const SHORT_QUOTE = 8;
const MIN_CONTEXT_FOR_SHORT = 4;

/**
 * Re-attaches a note to the current text of its section. Exact position first (nothing changed);
 * otherwise every place the quote occurs is scored by how much of the stored context surrounds it,
 * preferring the note's own paragraph, then the nearest offset. Null when the quote occurs nowhere
 * (the passage was rewritten or deleted): the note is then listed as 原文已修改, never dropped.
 */
export function reanchor(note: StoredAnchor, paragraphs: AnchorParagraph[]): Placement | null {
  const { quote } = note;
  if (quote.length === 0) return null;
  const own = paragraphs.find((p) => p.id === note.paragraphId);
  if (own && own.text.slice(note.startOffset, note.startOffset + quote.length) === quote) {
    return { paragraphId: own.id, start: note.startOffset, end: note.startOffset + quote.length };
  }
  let best: { placement: Placement; score: number } | null = null;
  for (const paragraph of paragraphs) {
    for (let at = paragraph.text.indexOf(quote); at >= 0; at = paragraph.text.indexOf(quote, at + 1)) {
      const context =
        commonSuffixLength(paragraph.text.slice(0, at), note.prefix) + commonPrefixLength(paragraph.text.slice(at + quote.length), note.suffix);
      const isOwn = paragraph.id === note.paragraphId;
      if (!isOwn && quote.length < SHORT_QUOTE && context < Math.min(MIN_CONTEXT_FOR_SHORT, note.prefix.length + note.suffix.length)) continue;
      // Context dominates; the own paragraph breaks ties; distance from the old offset breaks the rest.
      const score = context * 4 + (isOwn ? 2 : 0) - Math.min(1, Math.abs(at - note.startOffset) / 100_000);
      if (!best || score > best.score) best = { placement: { paragraphId: paragraph.id, start: at, end: at + quote.length }, score };
    }
  }
  return best?.placement ?? null;
}
