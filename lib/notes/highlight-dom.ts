/**
 * Highlights in the prerendered section text, drawn in the browser: text ranges are wrapped in
 * <mark> elements with DOM Range APIs. Reader text is never written as markup; only the page's own
 * text nodes are split and wrapped. Offsets count characters of the paragraph's text as the content
 * module stores it (its textContent with leading whitespace trimmed).
 */
export const MARK_CLASS = "note-mark";

function leadingWhitespace(text: string): number {
  return text.length - text.trimStart().length;
}

/** Finds the quote in the paragraph: at the given offset, else its nearest occurrence. */
export function locateInParagraph(paragraph: Element, start: number, quote: string): { start: number; end: number } | null {
  const text = paragraph.textContent ?? "";
  const lead = leadingWhitespace(text);
  if (text.slice(lead + start, lead + start + quote.length) === quote) return { start: lead + start, end: lead + start + quote.length };
  let best = -1;
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
    if (best < 0 || Math.abs(at - lead - start) < Math.abs(best - lead - start)) best = at;
  }
  return best < 0 ? null : { start: best, end: best + quote.length };
}

/** Wraps characters [start, end) of the element's textContent in marks (one per text node crossed). */
export function wrapTextRange(root: Element, start: number, end: number, attrs: { noteId: string; hasBody: boolean }): HTMLElement[] {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const pieces: Array<{ node: Text; from: number; to: number }> = [];
  let offset = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const length = node.data.length;
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + length);
    if (from < to) pieces.push({ node, from: from - offset, to: to - offset });
    offset += length;
    if (offset >= end) break;
  }
  return pieces.map(({ node, from, to }) => {
    const range = doc.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    const mark = doc.createElement("mark");
    mark.className = MARK_CLASS;
    mark.dataset.noteId = attrs.noteId;
    if (attrs.hasBody) mark.dataset.hasNote = "";
    range.surroundContents(mark);
    return mark;
  });
}

/** Removes every highlight mark under root, leaving the text exactly as it was. */
export function removeMarks(root: Element): void {
  for (const mark of Array.from(root.querySelectorAll(`mark.${MARK_CLASS}`))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parent.normalize();
  }
}

/** A selection of text inside one paragraph of the reading text, as a note stores it. */
export type PassageSelection = { paragraphId: string; start: number; quote: string };

/**
 * The passage the reader selected, or a reason it cannot be noted: nothing selected, outside the
 * text, or across paragraphs (a note belongs to one paragraph).
 */
export function readSelection(container: Element, range: Range | null): PassageSelection | { error: string } | null {
  if (!range || range.collapsed) return null;
  const paragraphOf = (node: Node) => {
    const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
    const paragraph = element?.closest("[id^='p-']");
    return paragraph && container.contains(paragraph) ? paragraph : null;
  };
  const startParagraph = paragraphOf(range.startContainer);
  const endParagraph = paragraphOf(range.endContainer);
  if (!startParagraph && !endParagraph) return null;
  if (!startParagraph || startParagraph !== endParagraph) return { error: "请在同一段内选择文字" };
  const raw = range.toString();
  const quote = raw.trim();
  if (!quote) return null;
  const before = container.ownerDocument.createRange();
  before.setStart(startParagraph, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const lead = leadingWhitespace(startParagraph.textContent ?? "");
  const start = before.toString().length + (raw.length - raw.trimStart().length) - lead;
  return { paragraphId: startParagraph.id, start: Math.max(0, start), quote };
}
