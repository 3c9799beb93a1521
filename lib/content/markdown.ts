import { createHash } from "node:crypto";
import type { Element, ElementContent, Root, RootContent } from "hast";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { countReadableChars } from "./reading-time";

/** One addressable block of a section: progress and notes anchor to its id. */
export type Paragraph = { id: string; text: string; chars: number };

export type RenderedMarkdown = {
  html: string;
  paragraphs: Paragraph[];
  /** Changes exactly when the section's paragraph texts (or their order) change. */
  version: string;
};

// Blocks that carry an id. A list item gets one only when it has no <p> of its own inside.
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Normalizes text for hashing, so re-wrapping a line in the source does not change an id. */
function normalizeForId(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/**
 * A paragraph's id is a hash of its own text, so it never depends on its neighbours: editing one
 * paragraph changes only that paragraph's id. Identical texts in one section get -2, -3, … suffixes.
 */
export function paragraphIdFor(text: string): string {
  return `p-${sha256(normalizeForId(text)).slice(0, 10)}`;
}

function textOf(node: ElementContent | RootContent): string {
  if (node.type === "text") return node.value;
  if (node.type === "element") return node.children.map(textOf).join("");
  return "";
}

function isBlockWithId(node: Element): boolean {
  if (node.tagName === "p" || HEADINGS.has(node.tagName)) return true;
  if (node.tagName !== "li") return false;
  return !node.children.some((child) => child.type === "element" && child.tagName === "p");
}

// A rehype plugin that runs after sanitizing, so its ids are not rewritten by the sanitizer's
// clobber prefix. The page's <h1> is the section title, so headings in the body start at <h2>.
function rehypeParagraphIds(paragraphs: Paragraph[]) {
  return () => (tree: Root) => {
    const seen = new Map<string, number>();
    const walk = (node: Root | Element) => {
      for (const child of node.children) {
        if (child.type !== "element") continue;
        if (child.tagName === "h1") child.tagName = "h2";
        if (isBlockWithId(child)) {
          const text = textOf(child).trim();
          if (text.length === 0) continue;
          const base = paragraphIdFor(text);
          const count = (seen.get(base) ?? 0) + 1;
          seen.set(base, count);
          const id = count === 1 ? base : `${base}-${count}`;
          child.properties = { ...child.properties, id };
          paragraphs.push({ id, text, chars: countReadableChars(text) });
        }
        walk(child);
      }
    };
    walk(tree);
  };
}

/**
 * Renders a section's Markdown body (CommonMark with GitHub's tables) to sanitized HTML. Raw HTML in
 * the source is dropped and the result passes rehype-sanitize's GitHub-style allow-list, so content
 * can never inject script.
 */
export function renderMarkdown(source: string): RenderedMarkdown {
  const paragraphs: Paragraph[] = [];
  const html = unified()
    .use(remarkParse)
    // GitHub-flavoured Markdown for its tables: imported Word tables are stored as Markdown tables.
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: false })
    .use(rehypeSanitize)
    .use(rehypeParagraphIds(paragraphs))
    .use(rehypeStringify)
    .processSync(source)
    .toString();
  const version = sha256(paragraphs.map((p) => p.id).join("\n")).slice(0, 12);
  return { html, paragraphs, version };
}
