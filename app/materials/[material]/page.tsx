import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MaterialOverview } from "@/components/materials/material-overview";
import { getMaterial, isBuiltInMaterial, listBuiltInMaterials } from "@/lib/content";

type Props = { params: Promise<{ material: string }> };

// content/ materials are known at build time and prerendered; any other slug is a 404 here.
// Published materials are rendered per request under app/published/, where proxy.ts sends them.
export const dynamicParams = false;

export function generateStaticParams() {
  return listBuiltInMaterials().map((material) => ({ material: material.slug }));
}

function getBuiltIn(slug: string) {
  return isBuiltInMaterial(slug) ? getMaterial(slug) : undefined;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const material = getBuiltIn((await params).material);
  return material ? { title: material.title, description: material.description } : {};
}

export default async function MaterialPage({ params }: Props) {
  const material = getBuiltIn((await params).material);
  if (!material) notFound();
  return <MaterialOverview material={material} />;
}
