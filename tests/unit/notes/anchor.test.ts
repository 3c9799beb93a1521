import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/content/markdown";
import { contextAround, reanchor, type AnchorParagraph, type StoredAnchor } from "@/lib/notes/anchor";

const ROOT = path.resolve(__dirname, "../../..");
// Sections of the real material are short (2–3 paragraphs): three of them make one long test section.
const source = ["part-1", "part-2", "part-3"]
  .map((slug) => matter(fs.readFileSync(path.join(ROOT, `content/deep-poverty-speech/${slug}.md`), "utf8")).content)
  .join("\n\n");
const blocks = source.split(/\n\s*\n/u).map((b) => b.trim()).filter(Boolean);
const original = renderMarkdown(blocks.join("\n\n")).paragraphs;

/** A note on `quote` in paragraph `index` of the original text, as the server stores it. */
function noteOn(index: number, quote: string, occurrence = 0): StoredAnchor {
  const paragraph = original[index]!;
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = paragraph.text.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`"${quote}" is not in paragraph ${index}`);
  return { paragraphId: paragraph.id, startOffset: start, quote, ...contextAround(paragraph.text, start, quote.length) };
}

function textAt(paragraphs: AnchorParagraph[], placement: ReturnType<typeof reanchor>): string | undefined {
  if (!placement) return undefined;
  return paragraphs.find((p) => p.id === placement.paragraphId)?.text.slice(placement.start, placement.end);
}

describe("re-anchoring notes to a revised section", () => {
  it("the fixture section has enough paragraphs to revise", () => {
    expect(original.length).toBeGreaterThanOrEqual(4);
  });

  it("leaves a note where it was when nothing changed", () => {
    const note = noteOn(1, original[1]!.text.slice(5, 25));
    expect(reanchor(note, original)).toEqual({ paragraphId: original[1]!.id, start: 5, end: 25 });
  });

  it("re-attaches notes to passages that moved, were edited around, or changed paragraph, and lists deleted ones", () => {
    const moved = noteOn(1, original[1]!.text.slice(10, 30));
    const edited = noteOn(2, original[2]!.text.slice(20, 45));
    const deleted = noteOn(3, original[3]!.text.slice(0, 20));
    // Revision: paragraph 1 moves to the end, paragraph 2 gets a new sentence in front (so its id and
    // every offset in it change), paragraph 3 is deleted, and a new paragraph is added at the top.
    const revisedBlocks = [
      "新增的导语段落，修订时加入。",
      blocks[0]!,
      `修订时在段首加了一句话。${blocks[2]!}`,
      ...blocks.slice(4),
      blocks[1]!,
    ];
    const revised = renderMarkdown(revisedBlocks.join("\n\n")).paragraphs;
    expect(revised.some((p) => p.id === original[2]!.id)).toBe(false);

    const movedAt = reanchor(moved, revised);
    expect(movedAt?.paragraphId).toBe(original[1]!.id);
    expect(textAt(revised, movedAt)).toBe(moved.quote);

    const editedAt = reanchor(edited, revised);
    expect(editedAt).not.toBeNull();
    expect(editedAt?.start).toBe(edited.startOffset + "修订时在段首加了一句话。".length);
    expect(textAt(revised, editedAt)).toBe(edited.quote);

    expect(reanchor(deleted, revised)).toBeNull();
  });

  it("picks the occurrence whose context matches when the quote occurs several times", () => {
    const text = "坚持人民至上，这是第一处。后来又说，坚持人民至上，这是第二处。";
    const paragraphs = [{ id: "p-0000000001", text }];
    const second = text.lastIndexOf("坚持人民至上");
    const note: StoredAnchor = { paragraphId: "p-00000000aa", startOffset: 0, quote: "坚持人民至上", ...contextAround(text, second, 6) };
    expect(reanchor(note, paragraphs)?.start).toBe(second);
  });

  it("does not re-attach a very short quote to an unrelated place", () => {
    const note: StoredAnchor = { paragraphId: "p-00000000aa", startOffset: 3, quote: "发展", prefix: "完全不同的上文", suffix: "完全不同的下文" };
    expect(reanchor(note, [{ id: "p-0000000001", text: "推动高质量发展是主题。" }])).toBeNull();
  });
});
