import "server-only";
import { forbidden, notFound } from "next/navigation";
import { slugSchema } from "@/lib/content/schema";
import { MaterialStoreError } from "./errors";
import { listMaterialRevisions, listMaterialsFor, type MaterialActor } from "./store";

/**
 * For the management pages: the material (summary and revisions) if the actor manages it; a 404 for
 * an unknown slug, a 403 for one outside their subtree.
 */
export async function getManagedMaterialPageData(actor: MaterialActor, slug: string) {
  if (!slugSchema.safeParse(slug).success) notFound();
  const summary = (await listMaterialsFor(actor)).find((material) => material.slug === slug);
  try {
    const revisions = await listMaterialRevisions(actor, slug);
    if (!summary) notFound();
    return { summary, revisions };
  } catch (error) {
    if (error instanceof MaterialStoreError && error.code === "not-found") notFound();
    if (error instanceof MaterialStoreError) forbidden();
    throw error;
  }
}
