import "server-only";
import { getMaterial, getReadableMaterial, getSection, listReadableMaterials, type Material, type Viewer } from "../content";
import { getDb } from "../db";
import { sectionHref } from "../routes";
import { computeSectionStatus, type ProgressRow, type SectionStatus } from "./status";
import type { StoredProgressRow } from "./store";

export type MaterialProgress = {
  materialSlug: string;
  title: string;
  sections: SectionStatus[];
  done: number;
  activeSeconds: number;
  /** Where 继续学习 leads (see getContinueHref); null when all are done. */
  continueHref: string | null;
};

/**
 * Where 继续学习 leads: the section the reader read most recently, at the last paragraph read there,
 * while it is not done; once it is, the next section not done after it (else the first one not done),
 * at its own last paragraph if it has one. A reader who has read nothing starts at the first section.
 */
export function getContinueHref(materialSlug: string, sections: SectionStatus[], recentSlug: string | undefined): string | null {
  const recent = sections.findIndex((s) => s.slug === recentSlug);
  const ordered = recent < 0 ? sections : [...sections.slice(recent), ...sections.slice(0, recent)];
  const next = ordered.find((s) => s.state !== "done");
  return next ? sectionHref(materialSlug, next.slug, next.lastParagraphId ?? undefined) : null;
}

async function buildMaterialProgress(userId: number, material: Material): Promise<MaterialProgress> {
  const db = await getDb();
  const rows = await db.sectionProgress.findMany({
    where: { userId, materialSlug: material.slug },
    select: { sectionSlug: true, readParagraphs: true, activeSeconds: true, completedAt: true, completedVersion: true, lastParagraphId: true, updatedAt: true },
  });
  // Every beat touches updatedAt, so the newest row is the section read most recently.
  const recent = rows.reduce<(typeof rows)[number] | undefined>((a, b) => (!a || b.updatedAt > a.updatedAt ? b : a), undefined);
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
  return {
    materialSlug: material.slug,
    title: material.title,
    sections,
    done: sections.filter((s) => s.state === "done").length,
    activeSeconds: sections.reduce((sum, s) => sum + s.activeSeconds, 0),
    continueHref: getContinueHref(material.slug, sections, recent?.sectionSlug),
  };
}

/** The signed-in reader's own progress in one material, or undefined for one they may not read (unknown, archived, another unit's). */
export async function getMyMaterialProgress(user: { id: number } & NonNullable<Viewer>, materialSlug: string): Promise<MaterialProgress | undefined> {
  const userId = user.id;
  const material = getReadableMaterial(user, materialSlug);
  return material ? buildMaterialProgress(userId, material) : undefined;
}

/** A reader's progress in any material, archived and restricted ones included: for their administrators' reports. */
export async function getReaderMaterialProgress(userId: number, materialSlug: string): Promise<MaterialProgress | undefined> {
  const material = getMaterial(materialSlug);
  return material ? buildMaterialProgress(userId, material) : undefined;
}

/** The signed-in reader's own progress in every material they may read (我的学习). */
export async function listMyProgress(user: { id: number } & NonNullable<Viewer>): Promise<MaterialProgress[]> {
  return Promise.all(listReadableMaterials(user).map((material) => buildMaterialProgress(user.id, material)));
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


/**
 * The signed-in reader's status of one section, as it stands right after a beat (POST /api/progress
 * answers it, so the page's table of contents and bar follow the server without a reload), from the
 * row the beat's merge returned (lib/progress/store.ts recordBeat); undefined for an unknown section.
 */
export async function getSectionStatusOf(materialSlug: string, sectionSlug: string, row: StoredProgressRow): Promise<SectionStatus | undefined> {
  const view = getSection(materialSlug, sectionSlug);
  if (!view) return undefined;
  const progress: ProgressRow = { ...row, activeSeconds: Number(row.activeSeconds), completedAt: row.completedAt === null ? null : new Date(row.completedAt) };
  const { section } = view;
  if (!row.completedVersion || row.completedVersion === section.version) return computeSectionStatus(section, progress);
  // Completed in an earlier version (rare): its paragraphs decide whether it is "updated".
  const db = await getDb();
  const revision = await db.sectionRevision.findUnique({
    where: { materialSlug_sectionSlug_version: { materialSlug, sectionSlug, version: row.completedVersion } },
    select: { paragraphs: true },
  });
  const ids = revision ? (JSON.parse(revision.paragraphs) as Array<{ id: string }>).map((p) => p.id) : undefined;
  return computeSectionStatus(section, progress, ids);
}
