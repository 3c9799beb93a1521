import "server-only";
import path from "node:path";
import { getEnv } from "../env";
import { canReadPublishedMaterial } from "../materials/permissions";
import { loadLibrary, type Material, type Section } from "./loader";
import { asksForFreshCopy, getPublishedSnapshot, refreshPublishedMaterials } from "./published";
import { searchMaterials, type SearchResult } from "./search";

export type { Material, Section } from "./loader";
export type { SearchHit, Segment } from "./search";
export { asksForFreshCopy, refreshPublishedMaterials };

/*
 * Two kinds of material, one list. Built-in ones (content/) are part of the deployment: read and
 * validated once per process, and a bad file fails the build (their pages are prerendered) with an
 * error naming the file and the field. Published ones are stored in the database from the browser
 * and reloaded when they change (./published.ts); their pages are rendered per request.
 *
 * listMaterials/getMaterial/getSection see every material, archived and audience-restricted ones
 * included: for reports, exports, and the titles of earlier records. Whatever a reader is shown goes
 * through the Readable variants, which apply lib/materials/permissions.ts.
 */

let builtIn: Material[] | undefined;

/** The content/ materials (built in, prerendered), in home-page order. */
export function listBuiltInMaterials(): Material[] {
  builtIn ??= loadLibrary(path.resolve(/* turbopackIgnore: true */ process.cwd(), getEnv().CONTENT_DIR));
  return builtIn;
}

let merged: { published: readonly Material[]; all: Material[] } | undefined;

/** Every material, built-in and published, archived included, in home-page order. */
export function listMaterials(): Material[] {
  const published = getPublishedSnapshot();
  if (merged?.published !== published) {
    const all = [...listBuiltInMaterials(), ...published].sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
    merged = { published, all };
  }
  return merged.all;
}

/** One material by its slug (archived and restricted ones included), or undefined. */
export function getMaterial(slug: string): Material | undefined {
  return listMaterials().find((material) => material.slug === slug);
}

/** Whether a material is a content/ one, whose pages are prerendered under /materials/. */
export function isBuiltInMaterial(slug: string): boolean {
  return listBuiltInMaterials().some((material) => material.slug === slug);
}

export type SectionView = {
  material: Material;
  section: Section;
  index: number;
  previous?: Section;
  next?: Section;
};

function sectionViewOf(material: Material | undefined, sectionSlug: string): SectionView | undefined {
  if (!material) return undefined;
  const index = material.sections.findIndex((section) => section.slug === sectionSlug);
  const section = material.sections[index];
  if (!section) return undefined;
  return { material, section, index, previous: material.sections[index - 1], next: material.sections[index + 1] };
}

/** One section with its neighbours for previous/next links (any material), or undefined. */
export function getSection(materialSlug: string, sectionSlug: string): SectionView | undefined {
  return sectionViewOf(getMaterial(materialSlug), sectionSlug);
}

/** Who is reading: a signed-in user's unit, or null where public reading lets anyone in. */
export type Viewer = { unitPath: string } | null;

/** Whether the viewer may read the material: built-in ones always, published ones by status and audience. */
export function canReadMaterial(viewer: Viewer, material: Material): boolean {
  return canReadPublishedMaterial(viewer, material.access);
}

/**
 * Whether the viewer is in the material's audience, whatever its status: a reader keeps their own
 * notes and records of an archived material (我的笔记, its print view and exports).
 */
export function isInAudience(viewer: Viewer, material: Material): boolean {
  return canReadMaterial(viewer, { ...material, access: { ...material.access, status: "PUBLISHED" } });
}

/** The materials the viewer may read, in home-page order. */
export function listReadableMaterials(viewer: Viewer): Material[] {
  return listMaterials().filter((material) => canReadMaterial(viewer, material));
}

/** A material the viewer may read, or undefined (unknown, archived or for another unit alike). */
export function getReadableMaterial(viewer: Viewer, slug: string): Material | undefined {
  const material = getMaterial(slug);
  return material && canReadMaterial(viewer, material) ? material : undefined;
}

/** A section of a material the viewer may read, or undefined. */
export function getReadableSection(viewer: Viewer, materialSlug: string, sectionSlug: string): SectionView | undefined {
  return sectionViewOf(getReadableMaterial(viewer, materialSlug), sectionSlug);
}

/**
 * The materials an administrator whose scope is `scope` reports on: built-in ones and published ones
 * whose audience reaches into the scope, archived ones included (their records stay exportable).
 */
export async function listReportableMaterials(scope: string): Promise<Material[]> {
  await refreshPublishedMaterials();
  return listMaterials().filter(({ access: { audiencePath } }) => audiencePath === null || audiencePath.startsWith(scope) || scope.startsWith(audiencePath));
}

/** Full-text search over every paragraph of the materials the viewer may read. */
export function searchContent(terms: string[], viewer: Viewer): SearchResult {
  return searchMaterials(listReadableMaterials(viewer), terms);
}
