import "server-only";
import { requireReader } from "../auth/current-user";
import { getReadableMaterial, getReadableSection, type Material, type SectionView } from "./index";
import { materialHref, sectionHref } from "../routes";

// For the pages of published materials (app/published/, reached through proxy.ts's rewrite of their
// /materials/ addresses): the same sign-in rule as the prerendered reading pages, then the material's
// audience. Unknown, archived and other units' materials are the same 404.

/** A published material the current reader may read, or undefined. */
export async function getPublishedMaterialPage(slug: string): Promise<Material | undefined> {
  // The session lookup also brings the published materials up to date (getCurrentSession).
  const viewer = await requireReader(materialHref(slug));
  const material = getReadableMaterial(viewer, slug);
  return material?.source === "published" ? material : undefined;
}

/** A section of a published material the current reader may read, or undefined. */
export async function getPublishedSectionPage(materialSlug: string, sectionSlug: string): Promise<SectionView | undefined> {
  const viewer = await requireReader(sectionHref(materialSlug, sectionSlug));
  const view = getReadableSection(viewer, materialSlug, sectionSlug);
  return view?.material.source === "published" ? view : undefined;
}
