import "server-only";
import { headers } from "next/headers";
import { requireReader } from "../auth/current-user";
import { asksForFreshCopy, getReadableMaterial, getReadableSection, refreshPublishedMaterials, type Material, type SectionView } from "./index";
import { materialHref, sectionHref } from "../routes";

// For the pages of published materials (app/published/, reached through proxy.ts's rewrite of their
// /materials/ addresses): the same sign-in rule as the prerendered reading pages, then the material's
// audience. Unknown, archived and other units' materials are the same 404.

/** A request that asks for a fresh copy (asksForFreshCopy) gets the latest revision, not one up to a second old. */
async function refreshIfAsked(): Promise<void> {
  const requestHeaders = await headers();
  if (asksForFreshCopy((name) => requestHeaders.get(name))) await refreshPublishedMaterials({ force: true });
}

/** A published material the current reader may read, or undefined. */
export async function getPublishedMaterialPage(slug: string): Promise<Material | undefined> {
  await refreshIfAsked();
  // The session lookup also brings the published materials up to date (getCurrentSession).
  const viewer = await requireReader(materialHref(slug));
  const material = getReadableMaterial(viewer, slug);
  return material?.source === "published" ? material : undefined;
}

/** A section of a published material the current reader may read, or undefined. */
export async function getPublishedSectionPage(materialSlug: string, sectionSlug: string): Promise<SectionView | undefined> {
  await refreshIfAsked();
  const viewer = await requireReader(sectionHref(materialSlug, sectionSlug));
  const view = getReadableSection(viewer, materialSlug, sectionSlug);
  return view?.material.source === "published" ? view : undefined;
}
