import "server-only";
import path from "node:path";
import { getEnv } from "../env";
import { loadLibrary, type Material, type Section } from "./loader";
import { searchMaterials, type SearchResult } from "./search";

export type { Material, Section } from "./loader";
export type { SearchHit, Segment } from "./search";

// Content is part of the deployment: it is read and validated once per process, and a bad file
// fails the build (pages are prerendered) with an error naming the file and the field.
let library: Material[] | undefined;

function getLibrary(): Material[] {
  library ??= loadLibrary(path.resolve(/* turbopackIgnore: true */ process.cwd(), getEnv().CONTENT_DIR));
  return library;
}

/** Every study material, in home-page order. */
export function listMaterials(): Material[] {
  return getLibrary();
}

/** One material by its slug, or undefined. */
export function getMaterial(slug: string): Material | undefined {
  return getLibrary().find((material) => material.slug === slug);
}

export type SectionView = {
  material: Material;
  section: Section;
  index: number;
  previous?: Section;
  next?: Section;
};

/** One section with its neighbours for previous/next links, or undefined. */
export function getSection(materialSlug: string, sectionSlug: string): SectionView | undefined {
  const material = getMaterial(materialSlug);
  if (!material) return undefined;
  const index = material.sections.findIndex((section) => section.slug === sectionSlug);
  const section = material.sections[index];
  if (!section) return undefined;
  return { material, section, index, previous: material.sections[index - 1], next: material.sections[index + 1] };
}

/** Full-text search over every paragraph of every material. */
export function searchContent(terms: string[]): SearchResult {
  return searchMaterials(getLibrary(), terms);
}
