import "server-only";
import { getMaterial, listMaterials, type Material } from "../content";
import { getDb } from "../db";
import { sectionHref } from "../routes";
import { computeSectionStatus, type SectionStatus } from "./status";

export type MaterialProgress = {
  materialSlug: string;
  title: string;
  sections: SectionStatus[];
  done: number;
  activeSeconds: number;
  /** The first section not done, at the last paragraph read there; null when all are done. */
  continueHref: string | null;
};

async function buildMaterialProgress(userId: number, material: Material): Promise<MaterialProgress> {
  const db = await getDb();
  const rows = await db.sectionProgress.findMany({
    where: { userId, materialSlug: material.slug },
    select: { sectionSlug: true, readParagraphs: true, activeSeconds: true, completedAt: true, completedVersion: true, lastParagraphId: true },
  });
  const bySection = new Map(rows.map((row) => [row.sectionSlug, row]));
  // Earlier versions a section was completed in, for "本节内容已更新" (rare: only after a revision).
  const stale = material.sections.filter((s) => {
    const row = bySection.get(s.slug);
    return row?.completedVersion && row.completedVersion !== s.version;
  });
  const revisions = stale.length
    ? await db.sectionRevision.findMany({
        where: { materialSlug: material.slug, OR: stale.map((s) => ({ sectionSlug: s.slug, version: bySection.get(s.slug)?.completedVersion ?? "" })) },
        select: { sectionSlug: true, paragraphs: true },
      })
    : [];
  const idsBySection = new Map(revisions.map((r) => [r.sectionSlug, (JSON.parse(r.paragraphs) as Array<{ id: string }>).map((p) => p.id)]));
  const sections = material.sections.map((s) => computeSectionStatus(s, bySection.get(s.slug), idsBySection.get(s.slug)));
  const next = sections.find((s) => s.state !== "done");
  return {
    materialSlug: material.slug,
    title: material.title,
    sections,
    done: sections.filter((s) => s.state === "done").length,
    activeSeconds: sections.reduce((sum, s) => sum + s.activeSeconds, 0),
    continueHref: next ? sectionHref(material.slug, next.slug, next.lastParagraphId ?? undefined) : null,
  };
}

/** The signed-in reader's own progress in one material, or undefined for an unknown material. */
export async function getMyMaterialProgress(userId: number, materialSlug: string): Promise<MaterialProgress | undefined> {
  const material = getMaterial(materialSlug);
  return material ? buildMaterialProgress(userId, material) : undefined;
}

/** The signed-in reader's own progress in every material (我的学习). */
export async function listMyProgress(userId: number): Promise<MaterialProgress[]> {
  return Promise.all(listMaterials().map((material) => buildMaterialProgress(userId, material)));
}

/** The paragraph ids the reader has read in one section (to seed the section page's progress bar). */
export async function getMyReadParagraphs(userId: number, materialSlug: string, sectionSlug: string): Promise<string[]> {
  const db = await getDb();
  const row = await db.sectionProgress.findUnique({
    where: { userId_materialSlug_sectionSlug: { userId, materialSlug, sectionSlug } },
    select: { readParagraphs: true },
  });
  return row ? (JSON.parse(row.readParagraphs) as string[]) : [];
}
