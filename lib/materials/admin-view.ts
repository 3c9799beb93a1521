import "server-only";
import { notFound } from "next/navigation";
import { slugSchema } from "@/lib/content/schema";
import { MaterialStoreError } from "./errors";
import { listMaterialRevisions, listMaterialsFor, type MaterialActor } from "./store";

/**
 * For the management pages: the material (summary and revisions) if the actor manages it; a 404
 * otherwise, the same for another subtree's material as for a missing one (as for other records).
 */
export async function getManagedMaterialPageData(actor: MaterialActor, slug: string) {
  if (!slugSchema.safeParse(slug).success) notFound();
  const summary = (await listMaterialsFor(actor)).find((material) => material.slug === slug);
  try {
    const revisions = await listMaterialRevisions(actor, slug);
    if (!summary) notFound();
    return { summary, revisions };
  } catch (error) {
    if (error instanceof MaterialStoreError) notFound();
    throw error;
  }
}
