import matter from "gray-matter";
import type { Nodes as MdastNodes, Root as MdastRoot } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { SourceBlock } from "./types";

/** Plain text: every non-empty line is a paragraph (long lines are split at sentence ends later). */
export function blocksFromText(text: string): SourceBlock[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ kind: "paragraph", text: line }));
}

export type MarkdownSource = {
  blocks: SourceBlock[];
  title?: string;
  description?: string;
  rawHtmlRemoved: number;
  imagesDropped: number;
};

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u;

/** Joins a soft line break the way a reader sees it: nothing between Chinese characters, a space otherwise. */
function joinSoftBreaks(text: string): string {
  return text.replace(/\s*\n\s*/gu, (_match, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? "";
    const after = whole[offset + _match.length] ?? "";
    return CJK.test(before) && CJK.test(after) ? "" : " ";
  });
}

type Counters = { rawHtmlRemoved: number; imagesDropped: number };

function textOf(node: MdastNodes, counters: Counters): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value;
  if (node.type === "html") {
    counters.rawHtmlRemoved++;
    return "";
  }
  if (node.type === "image" || node.type === "imageReference") {
    counters.imagesDropped++;
    return "";
  }
  if (node.type === "break") return "\n";
  if (!("children" in node)) return "";
  // Inline HTML arrives as separate tag nodes: what sits between <script> or <style> and its closing
  // tag is code, not text, and goes with the tags.
  let inCode = false;
  let text = "";
  for (const child of node.children) {
    if (child.type === "html") {
      if (/^<(script|style)\b/iu.test(child.value) && !/<\/(script|style)>\s*$/iu.test(child.value)) inCode = true;
      else if (/^<\/(script|style)>/iu.test(child.value)) inCode = false;
    }
    const part = textOf(child, counters);
    if (!inCode) text += part;
  }
  return text;
}

function blocksOf(node: MdastNodes, counters: Counters, ordered = false): SourceBlock[] {
  const text = () => joinSoftBreaks(textOf(node, counters)).trim();
  switch (node.type) {
    case "root":
    case "blockquote":
      return node.children.flatMap((child) => blocksOf(child, counters));
    case "heading":
      return text() ? [{ kind: "heading", level: node.depth, text: text() }] : [];
    case "paragraph":
      return text() ? [{ kind: "paragraph", text: text() }] : [];
    case "code":
      return node.value.split("\n").filter((line) => line.trim()).map((line) => ({ kind: "paragraph", text: line.trim() }));
    case "list":
      return node.children.flatMap((item) => blocksOf(item, counters, node.ordered ?? false));
    case "listItem": {
      // The item's own text, then any list nested in it as items of their own.
      const own = node.children.filter((child) => child.type !== "list");
      const itemText = joinSoftBreaks(own.map((child) => textOf(child, counters)).join(" ")).trim();
      const nested = node.children.filter((child) => child.type === "list").flatMap((child) => blocksOf(child, counters));
      return [...(itemText ? [{ kind: "list-item" as const, text: itemText, ordered }] : []), ...nested];
    }
    case "table":
      return [{ kind: "table", rows: node.children.map((row) => row.children.map((cell) => joinSoftBreaks(textOf(cell, counters)).trim())) }];
    case "html":
      counters.rawHtmlRemoved++;
      return [];
    default:
      return [];
  }
}

/**
 * Markdown: frontmatter title/description if present, then headings, paragraphs, lists and tables
 * as blocks. Only text is kept: raw HTML and images are dropped (and counted), so nothing from the
 * file reaches the stored Markdown except through the same escaping as Word and text imports.
 */
export function blocksFromMarkdown(source: string): MarkdownSource {
  let body = source;
  let data: Record<string, unknown> = {};
  try {
    const parsed = matter(source);
    body = parsed.content;
    data = parsed.data;
  } catch {
    // Not valid frontmatter: read the whole file as Markdown.
  }
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body) as MdastRoot;
  const counters: Counters = { rawHtmlRemoved: 0, imagesDropped: 0 };
  const blocks = blocksOf(tree, counters);
  return {
    blocks,
    title: typeof data.title === "string" && data.title.trim() ? data.title.trim() : undefined,
    description: typeof data.description === "string" && data.description.trim() ? data.description.trim() : undefined,
    ...counters,
  };
}
