import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MaterialOverview } from "@/components/materials/material-overview";
import { getPublishedMaterialPage } from "@/lib/content/published-pages";

type Props = { params: Promise<{ material: string }> };

// A material published from the browser: rendered per request, so a new revision shows at once.
// Readers reach it at /materials/<slug> (proxy.ts rewrites that address here).
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const material = await getPublishedMaterialPage((await params).material);
  return material ? { title: material.title, description: material.description } : {};
}

export default async function PublishedMaterialPage({ params }: Props) {
  const material = await getPublishedMaterialPage((await params).material);
  if (!material) notFound();
  return <MaterialOverview material={material} />;
}
