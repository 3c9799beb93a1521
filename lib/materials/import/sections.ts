import { flagsFor } from "./junk";
import { MAX_TITLE_CHARS } from "./limits";
import { isHeadingLine, markerOf, type Marker, type MarkerKind } from "./markers";
import type { ImportedParagraph, ImportedSection, ImportWarning, SourceBlock } from "./types";
import { warning } from "./warnings";

// The divisions that can make sections, highest first; the first with a run 一, 二, … becomes the sections.
const TOP_KINDS: MarkerKind[] = ["part", "chapter", "cn-number", "cn-paren"];
const SLUG_PREFIX: Record<MarkerKind, string> = {
  part: "part",
  chapter: "chapter",
  "cn-number": "part",
  "cn-paren": "part",
  section: "section",
  article: "article",
};

type Draft = { slug: string; title: string; paragraphs: ImportedParagraph[]; heading?: string };

const SINGLE_HAN = /^\p{Script=Han}$/u;

/**
 * A title on one line. Letter-spaced words, as regulations set their chapter names ("第一章　总　则"),
 * are closed up ("第一章 总则"): two single Han characters in a row lose the space between them.
 */
function singleLine(text: string): string {
  const words = text.trim().split(/\s+/u);
  const line = words.reduce((joined, word, i) => (i > 0 && SINGLE_HAN.test(word) && SINGLE_HAN.test(words[i - 1]!) ? joined + word : joined ? `${joined} ${word}` : word), "");
  return line.length <= MAX_TITLE_CHARS ? line : `${line.slice(0, MAX_TITLE_CHARS - 1)}…`;
}

function textOf(block: SourceBlock): string {
  return block.kind === "table" ? "" : block.text;
}

/** The first division kind numbered 1, 2, … (at least twice) in the blocks, if any. */
function findTopKind(blocks: SourceBlock[]): MarkerKind | undefined {
  return TOP_KINDS.find((kind) => {
    let expected = 1;
    for (const block of blocks) {
      if (block.kind !== "paragraph") continue;
      const marker = markerOf(block.text);
      if (marker?.kind === kind && marker.n === expected) expected++;
      else if (marker?.kind === kind && marker.n === 1) expected = 2; // a table of contents, then the text
    }
    return expected > 2;
  });
}

/** A section title for a division that opens a paragraph: "第一部分 · 在于明确…" from its first clause. */
function titleFromSentence(marker: Marker, text: string): string {
  const clause = /^[^，,。；;：:！？!?]*/u.exec(text.trim())?.[0] ?? "";
  const rest = clause.slice(marker.label.length).trim();
  if (marker.kind === "cn-number" || marker.kind === "cn-paren") return singleLine(`${marker.label}${rest}`);
  return rest.length > 0 && rest.length <= 30 ? `${marker.label} · ${rest}` : marker.label;
}

function paragraphOf(block: SourceBlock): ImportedParagraph {
  switch (block.kind) {
    case "table":
      return { kind: "table", rows: block.rows, text: block.rows.map((row) => row.join(" ")).join("\n"), flags: [] };
    case "list-item":
      return { kind: "list-item", text: block.text, ordered: block.ordered, flags: flagsFor(block.text) };
    case "heading":
    case "title":
      return { kind: "heading", text: block.text, flags: [] };
    case "paragraph":
      return { kind: "paragraph", text: block.text, flags: flagsFor(block.text) };
  }
}

function slugFor(marker: Marker | undefined, fallbackIndex: number): string {
  if (marker?.kind === "closing") return "summary";
  if (marker?.kind === "intro") return "intro";
  if (marker) return `${SLUG_PREFIX[marker.kind]}-${marker.n}`;
  return `section-${fallbackIndex}`;
}

/**
 * Cuts the blocks into sections: at the source's own top-level headings when it has any (Word
 * heading styles, Markdown `#`), otherwise at the numbered divisions these documents use (第一部分…,
 * 第一章…, 一、…, （一）…, then 最后一部分/结语). Text before the first division is the introduction.
 */
export function findSections(blocks: SourceBlock[]): { sections: ImportedSection[]; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const headingLevels = blocks.flatMap((block) => (block.kind === "heading" ? [block.level] : []));
  const topLevel = headingLevels.length > 0 ? Math.min(...headingLevels) : undefined;
  const topKind = topLevel === undefined ? findTopKind(blocks) : undefined;
  const intro: Draft = { slug: "intro", title: "导言", paragraphs: [] };
  const drafts: Draft[] = [intro];
  let expected = 1;
  let divisions = 0;

  for (const block of blocks) {
    const text = textOf(block);
    const marker = text ? markerOf(text) : undefined;
    const current = drafts[drafts.length - 1] ?? intro;
    if (block.kind === "heading" && block.level === topLevel) {
      divisions++;
      drafts.push({ slug: slugFor(marker, divisions), title: singleLine(text), paragraphs: [] });
      continue;
    }
    if (block.kind === "paragraph" && topKind && marker) {
      const headingLine = isHeadingLine(text);
      if (marker.kind === topKind && marker.n === 1 && expected > 1 && drafts.slice(1).every((d) => d.paragraphs.length === 0)) {
        drafts.splice(1); // what came before was a table of contents
        if (/^目\s*录$/u.test(intro.paragraphs.at(-1)?.text ?? "")) intro.paragraphs.pop();
        expected = 1;
        warnings.push(warning("toc-removed"));
      }
      const opens = (marker.kind === topKind && marker.n === expected) || (marker.kind === "closing" && expected > 1);
      if (opens) {
        if (marker.kind === topKind) expected++;
        divisions++;
        const title = headingLine ? singleLine(text) : titleFromSentence(marker, text);
        drafts.push({ slug: slugFor(marker, divisions), title, paragraphs: headingLine ? [] : [paragraphOf(block)] });
        continue;
      }
      if (marker.kind === "intro" && divisions === 0 && intro.paragraphs.length === 0) {
        intro.title = singleLine(text);
        continue;
      }
      if (headingLine && marker.kind !== "article") {
        current.paragraphs.push({ kind: "heading", text: singleLine(text), flags: [] });
        continue;
      }
    }
    current.paragraphs.push(paragraphOf(block));
  }

  if (divisions === 0 && intro.paragraphs.length > 0) {
    intro.slug = "full-text";
    intro.title = "全文";
    warnings.push(warning("no-structure"));
  }
  return { sections: settle(drafts, warnings), warnings };
}

/** Drops an empty introduction, folds an empty division into the next section, and makes slugs unique. */
function settle(drafts: Draft[], warnings: ImportWarning[]): ImportedSection[] {
  const kept: Draft[] = [];
  let carried: ImportedParagraph[] = [];
  drafts.forEach((draft, index) => {
    if (draft.paragraphs.length === 0) {
      if (index === 0) return;
      warnings.push(warning("empty-section", draft.title));
      carried = [...carried, { kind: "heading", text: draft.title, flags: [] }];
      return;
    }
    kept.push({ ...draft, paragraphs: [...carried, ...draft.paragraphs] });
    carried = [];
  });
  // An empty division at the very end has no next section: its heading closes the one before.
  kept.at(-1)?.paragraphs.push(...carried);
  const seen = new Map<string, number>();
  return kept.map(({ slug, title, paragraphs }) => {
    const count = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, count);
    return { slug: count === 1 ? slug : `${slug}-${count}`, title, paragraphs };
  });
}
