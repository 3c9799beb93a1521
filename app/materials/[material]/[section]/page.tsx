import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SectionReader } from "@/components/materials/section-reader";
import { getSection, isBuiltInMaterial, listBuiltInMaterials } from "@/lib/content";

type Props = { params: Promise<{ material: string; section: string }> };

// The sections of content/ materials are prerendered at build time; unknown slugs are a 404 without
// touching the server. Published materials' sections are rendered per request under app/published/,
// where proxy.ts sends their /materials/ addresses.
export const dynamicParams = false;

export function generateStaticParams() {
  return listBuiltInMaterials().flatMap((material) =>
    material.sections.map((section) => ({ material: material.slug, section: section.slug })),
  );
}

function getBuiltInSection(material: string, section: string) {
  return isBuiltInMaterial(material) ? getSection(material, section) : undefined;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { material, section } = await params;
  const view = getBuiltInSection(material, section);
  return view ? { title: `${view.section.title} · ${view.material.title}` } : {};
}

export default async function SectionPage({ params }: Props) {
  const { material, section } = await params;
  const view = getBuiltInSection(material, section);
  if (!view) notFound();
  return <SectionReader view={view} />;
}
