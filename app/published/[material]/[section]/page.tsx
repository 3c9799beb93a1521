import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SectionReader } from "@/components/materials/section-reader";
import { getPublishedSectionPage } from "@/lib/content/published-pages";

type Props = { params: Promise<{ material: string; section: string }> };

// A section of a material published from the browser, rendered per request (see ../page.tsx).
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { material, section } = await params;
  const view = await getPublishedSectionPage(material, section);
  return view ? { title: `${view.section.title} · ${view.material.title}` } : {};
}

export default async function PublishedSectionPage({ params }: Props) {
  const { material, section } = await params;
  const view = await getPublishedSectionPage(material, section);
  if (!view) notFound();
  return <SectionReader view={view} />;
}
