import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import type { z } from "zod";
import { renderMarkdown, type Paragraph } from "./markdown";
import type { MaterialAccess } from "../materials/permissions";
import { estimateReadingMinutes } from "./reading-time";
import { materialFrontmatterSchema, sectionFrontmatterSchema, slugSchema } from "./schema";

export type Section = {
  slug: string;
  title: string;
  html: string;
  paragraphs: Paragraph[];
  version: string;
  chars: number;
  minutes: number;
};

export type Material = {
  slug: string;
  title: string;
  description: string;
  order: number;
  sections: Section[];
  chars: number;
  minutes: number;
  /** content/: built in and prerendered; published: stored in the database from the browser. */
  source: "content" | "published";
  /** Who may read it (lib/materials/permissions.ts); a built-in material is for everyone. */
  access: MaterialAccess;
  /** A published material's revision (its pages are cached per revision); 0 for a built-in one. */
  revision: number;
};

/** What every content/ material carries: published, for the whole portal. */
export const BUILT_IN_ACCESS: MaterialAccess = Object.freeze({ status: "PUBLISHED", audiencePath: null });

export const MATERIAL_FILE = "material.md";

/** A content file that cannot be loaded; the message names the file and, where known, the field. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "ContentError";
  }
}

function readMarkdownFile(file: string, display: string): { data: unknown; body: string } {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch {
    throw new ContentError(display, "file is missing or unreadable");
  }
  try {
    const parsed = matter(raw);
    return { data: parsed.data, body: parsed.content };
  } catch (error) {
    throw new ContentError(display, `frontmatter is not valid YAML (${(error as Error).message})`);
  }
}

function parseFrontmatter<T>(schema: z.ZodType<T>, data: unknown, display: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    throw new ContentError(display, `frontmatter has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`);
  }
  const field = issue?.path.join(".") ?? "";
  const message = issue?.code === "invalid_type" && issue.input === undefined ? "is required" : issue?.message;
  throw new ContentError(display, `frontmatter field "${field}" ${message}`);
}

/** Names a file as the person running the command sees it: relative to the working folder. */
function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function loadSection(dir: string, slug: string): Section {
  const file = path.join(dir, `${slug}.md`);
  const display = displayPath(file);
  const { data, body } = readMarkdownFile(file, display);
  const front = parseFrontmatter(sectionFrontmatterSchema, data, display);
  const section = renderSection(slug, front.title, body);
  if (section.paragraphs.length === 0) throw new ContentError(display, "section body is empty");
  return section;
}

/** A section as readers see it, from its Markdown body: a content/ file's or a published revision's. */
export function renderSection(slug: string, title: string, body: string): Section {
  const rendered = renderMarkdown(body);
  const chars = rendered.paragraphs.reduce((sum, p) => sum + p.chars, 0);
  return { slug, title, ...rendered, chars, minutes: estimateReadingMinutes(chars) };
}

/** Loads one material folder: its metadata file and every section it lists, in order. */
export function loadMaterial(dir: string): Material {
  const slug = path.basename(dir);
  const display = displayPath(path.join(dir, MATERIAL_FILE));
  if (!slugSchema.safeParse(slug).success) {
    throw new ContentError(displayPath(dir), "folder name must be a lower-case slug such as deep-poverty-speech");
  }
  const { data } = readMarkdownFile(path.join(dir, MATERIAL_FILE), display);
  const front = parseFrontmatter(materialFrontmatterSchema, data, display);
  const listed = new Set(front.sections);
  for (const file of fs.readdirSync(dir)) {
    // quiz.md is the material's self-test (lib/quiz/bank.ts), not a section.
    if (file.endsWith(".md") && file !== MATERIAL_FILE && file !== "quiz.md" && !listed.has(file.slice(0, -3))) {
      throw new ContentError(displayPath(path.join(dir, file)), `is not listed in ${MATERIAL_FILE} "sections"`);
    }
  }
  const sections = front.sections.map((section) => loadSection(dir, section));
  const chars = sections.reduce((sum, s) => sum + s.chars, 0);
  return {
    slug,
    title: front.title,
    description: front.description,
    order: front.order,
    sections,
    chars,
    minutes: estimateReadingMinutes(chars),
    source: "content",
    access: BUILT_IN_ACCESS,
    revision: 0,
  };
}

/** Loads every material folder under `root` (folders without a material.md are ignored). */
export function loadLibrary(root: string): Material[] {
  if (!fs.existsSync(root)) throw new ContentError(root, "content folder does not exist");
  const materials = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, MATERIAL_FILE)))
    .map((entry) => loadMaterial(path.join(root, entry.name)));
  return materials.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}
