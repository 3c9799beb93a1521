import "server-only";
import fs from "node:fs";
import path from "node:path";
import { slugSchema } from "@/lib/content/schema";
import { MaterialImportError } from "./errors";
import type { ContentFolder } from "./render-folder";

/** Refuses a slug that is not a lower-case slug, or whose folder already exists under `root`. */
export function checkSlugAvailable(root: string, slug: string): string {
  if (!slugSchema.safeParse(slug).success) throw new MaterialImportError("invalid-slug", slug);
  const dir = path.join(root, slug);
  if (fs.existsSync(dir)) throw new MaterialImportError("slug-exists", slug);
  return dir;
}

/**
 * Writes a rendered content folder as `<root>/<slug>/`, never over an existing one: the files go to
 * a hidden sibling folder first and are renamed into place in one step, so a failure half-way leaves
 * no half-written material for the build to trip over.
 */
export function writeContentFolder(root: string, slug: string, files: ContentFolder): string {
  const dir = checkSlugAvailable(root, slug);
  fs.mkdirSync(root, { recursive: true });
  const staging = fs.mkdtempSync(path.join(root, `.${slug}-`));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(staging, name), text, { flag: "wx" });
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return dir;
}
