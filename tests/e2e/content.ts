/**
 * The expected content, read straight from the Markdown files and the source fixture rather than
 * through the app's own loader: the tests must not share code with what they check.
 */
import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { compact, MATERIAL_SLUG } from "./browser";
import { ROOT } from "./paths";

export type SectionSource = {
  slug: string;
  title: string;
  /** Body paragraphs (blank-line separated Markdown blocks), trimmed. */
  paragraphs: string[];
  firstSentence: string;
  lastSentence: string;
};

export type MaterialSource = { slug: string; title: string; sections: SectionSource[] };

/** Strings from the scraped original's paywall notice; the portal must never show them. */
export const PAYWALL_STRINGS = ["此处省略", "登录会员"] as const;

function readFrontmatter(file: string): { data: Record<string, unknown>; content: string } {
  const parsed = matter(fs.readFileSync(file, "utf8"));
  return { data: parsed.data as Record<string, unknown>, content: parsed.content };
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) throw new Error(`${what} is missing`);
  return value;
}

/** Splits Chinese prose after sentence-ending punctuation (。！？ and their ASCII forms). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？!?])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

export function loadMaterialSource(slug = MATERIAL_SLUG): MaterialSource {
  const dir = path.join(ROOT, "content", slug);
  const material = readFrontmatter(path.join(dir, "material.md"));
  const slugs = material.data.sections;
  if (!Array.isArray(slugs) || slugs.length === 0) throw new Error(`${slug}/material.md lists no sections`);
  const sections = slugs.map((sectionSlug): SectionSource => {
    const section = readFrontmatter(path.join(dir, `${String(sectionSlug)}.md`));
    const paragraphs = section.content
      .split(/\n\s*\n/u)
      .map((block) => block.trim())
      .filter((block) => block.length > 0);
    const all = sentences(paragraphs.join("\n"));
    const [firstSentence] = all;
    const lastSentence = all.at(-1);
    if (!firstSentence || !lastSentence) throw new Error(`${slug}/${String(sectionSlug)}.md has no text`);
    return {
      slug: String(sectionSlug),
      title: requireString(section.data.title, `title of ${slug}/${String(sectionSlug)}.md`),
      paragraphs,
      firstSentence,
      lastSentence,
    };
  });
  return { slug, title: requireString(material.data.title, `title of ${slug}/material.md`), sections };
}

/**
 * The study text of the source document, whitespace removed: the fixture is the scraped original,
 * which starts with the material's title and ends with quote-mark debris and a paywall notice that
 * are not part of the text.
 */
export function loadSourceText(materialTitle: string): string {
  let text = compact(fs.readFileSync(path.join(ROOT, "tests", "fixtures", "speech-study.txt"), "utf8"));
  if (text.startsWith(materialTitle)) text = text.slice(materialTitle.length);
  const paywall = Math.min(...PAYWALL_STRINGS.map((marker) => text.indexOf(marker)).filter((index) => index >= 0));
  if (Number.isFinite(paywall)) text = text.slice(0, paywall);
  return text.replace(/["“”]+$/u, "");
}
