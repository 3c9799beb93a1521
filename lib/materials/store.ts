import "server-only";
import path from "node:path";
import { toAuditRow, type AuditDetail } from "@/lib/audit";
import { listBuiltInMaterials, refreshPublishedMaterials } from "@/lib/content";
import { renderMarkdown } from "@/lib/content/markdown";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { getEnv } from "@/lib/env";
import { syncMaterialCatalog } from "@/lib/reports/counters";
import { diffSections, type SectionDiff } from "./diff";
import { MaterialStoreError } from "./errors";
import { MaterialImportError } from "./import/errors";
import { checkSlugAvailable } from "./import/write-folder";
import { canManageMaterialFor } from "./permissions";
import { prepareMaterial, type MaterialText, type PreparedMaterial, type PreparedSection } from "./prepare";
import { getManagedMaterial, readRevision, requireAdministrator, type Db, type MaterialActor, type SectionRef } from "./read";

export {
  getMaterialsVersion,
  getPublishedMaterial,
  listMaterialRevisions,
  listMaterialsFor,
  type MaterialActor,
  type MaterialSummary,
  type PublishedMaterialView,
  type PublishedSectionText,
} from "./read";

/*
 * Materials published from the browser. Every write is one batch transaction of single statements
 * (no interactive transactions: see docs/materials.md), bumps the shared MaterialsVersion row and
 * writes its audit row in the same batch. A revision is written only if the material still has the
 * revision number it was computed from (update … where revision = n); a concurrent writer makes that
 * update miss and the batch roll back, and the revision is recomputed on the new text.
 */

export type PublishInput = MaterialText & { slug: string; audienceUnitId: number | null };
export type PublishResult = { slug: string; revision: number; sections: number };
export type ReviseResult = { slug: string; revision: number; changed: boolean; diff: SectionDiff[] };

const MAX_ATTEMPTS = 5;

function contentRoot(): string {
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), getEnv().CONTENT_DIR);
}

function isRecordMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}

async function getAudiencePath(db: Db, unitId: number | null): Promise<string | null> {
  if (unitId === null) return null;
  const unit = await db.unit.findUnique({ where: { id: unitId }, select: { path: true } });
  if (!unit) throw new MaterialStoreError("unknown-audience");
  return unit.path;
}


/** The statements that store one revision: its row, the new section texts, their SectionRevision twins, the version bump. */
function revisionWrites(db: Db, options: { slug: string; revision: number; material: PreparedMaterial; refs: SectionRef[]; written: PreparedSection[]; actor: MaterialActor; now: Date }) {
  const { slug, revision, material, actor, now } = options;
  // The same ISO-8601 text Prisma writes for DateTime columns (as lib/content/revisions.ts does).
  const nowText = now.toISOString();
  return [
    db.publishedMaterialRevision.create({
      data: { materialSlug: slug, revision, title: material.title, description: material.description, sections: JSON.stringify(options.refs), createdById: actor.id, createdAt: now },
    }),
    db.publishedSection.createMany({
      data: options.written.map((section) => ({
        materialSlug: slug,
        sectionSlug: section.slug,
        revision,
        position: material.sections.indexOf(section),
        title: section.title,
        body: section.body,
        version: section.version,
        createdById: actor.id,
        createdAt: now,
      })),
    }),
    // Progress and notes find a section version's paragraphs here, as for content/ files.
    ...options.written.map(
      (section) => db.$executeRaw`
        INSERT INTO "SectionRevision" ("materialSlug", "sectionSlug", "version", "paragraphs", "createdAt")
        VALUES (${slug}, ${section.slug}, ${section.version}, ${JSON.stringify(section.paragraphs)}, ${nowText})
        ON CONFLICT ("materialSlug", "sectionSlug", "version") DO NOTHING`,
    ),
    bumpMaterialsVersion(db, now),
  ];
}

function bumpMaterialsVersion(db: Db, now: Date) {
  return db.materialsVersion.upsert({ where: { id: 1 }, create: { id: 1, version: 1, updatedAt: now }, update: { version: { increment: 1 }, updatedAt: now } });
}

function auditRow(db: Db, actor: MaterialActor, action: "material.publish" | "material.revise" | "material.archive", slug: string, detail: AuditDetail) {
  return db.auditLog.create({ data: toAuditRow({ action, actor, targetType: "material", targetId: slug, detail }) });
}

/** The home-page position after every built-in and published material. */
async function getNextOrder(db: Db): Promise<number> {
  const published = await db.publishedMaterial.aggregate({ _max: { order: true } });
  return Math.max(-1, published._max.order ?? -1, ...listBuiltInMaterials().map((m) => m.order)) + 1;
}

/**
 * After a write: this instance serves the change at once (others within CHECK_INTERVAL_MS, see
 * lib/content/watch.ts), and the material's section list and counters follow it.
 */
async function afterWrite(): Promise<void> {
  await refreshPublishedMaterials({ force: true });
  await syncMaterialCatalog();
}

/** Publishes a new material for an audience the actor administers; nothing is stored if anything is refused. */
export async function publishMaterial(actor: MaterialActor, input: PublishInput): Promise<PublishResult> {
  requireAdministrator(actor);
  const db = await getDb();
  const material = prepareMaterial({ ...input, order: input.order ?? (await getNextOrder(db)) });
  checkSlugAvailable(contentRoot(), input.slug);
  const audiencePath = await getAudiencePath(db, input.audienceUnitId);
  if (!canManageMaterialFor(actor, audiencePath)) throw new MaterialStoreError("audience-outside-scope");
  if (await db.publishedMaterial.findUnique({ where: { slug: input.slug }, select: { slug: true } })) throw new MaterialImportError("slug-exists", input.slug);
  const now = new Date();
  const { slug } = input;
  try {
    await db.$transaction([
      db.publishedMaterial.create({
        data: {
          slug, title: material.title, description: material.description, order: material.order, audienceUnitId: input.audienceUnitId,
          status: "PUBLISHED", revision: 1, createdById: actor.id, updatedById: actor.id, createdAt: now, updatedAt: now,
        },
      }),
      ...revisionWrites(db, { slug, revision: 1, material, refs: material.sections.map((s) => ({ slug: s.slug, revision: 1 })), written: material.sections, actor, now }),
      auditRow(db, actor, "material.publish", slug, { revision: 1, sections: material.sections.length, unitId: input.audienceUnitId }),
    ]);
  } catch (error) {
    // Another instance published the same slug since the check above.
    if (isUniqueViolation(error)) throw new MaterialImportError("slug-exists", slug);
    throw error;
  }
  await afterWrite();
  return { slug, revision: 1, sections: material.sections.length };
}

function sameText(a: { title: string; description: string; order: number }, b: PreparedMaterial): boolean {
  return a.title === b.title && a.description === b.description && a.order === b.order;
}

/**
 * Stores a new revision of a published material: a new section row only for sections added or
 * changed (title or text); unchanged ones keep their earlier row. Returns the per-section paragraph
 * diff against the revision it replaced; with no change at all nothing is stored (changed: false).
 */
export async function reviseMaterial(actor: MaterialActor, slug: string, text: MaterialText): Promise<ReviseResult> {
  const db = await getDb();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await getManagedMaterial(db, actor, slug);
    if (current.status === "ARCHIVED") throw new MaterialStoreError("archived", slug);
    const material = prepareMaterial({ ...text, order: text.order ?? current.order });
    const before = await readRevision(db, slug, current.revision);
    if (!before) throw new Error(`published material ${slug} has no revision ${current.revision}`);
    const earlier = new Map(before.sections.map((s) => [s.slug, s]));
    const diff = diffSections(
      before.sections.map((s) => ({ slug: s.slug, title: s.title, paragraphs: renderMarkdown(s.body).paragraphs })),
      material.sections,
    );
    const states = new Map(diff.map((d) => [d.slug, d.state]));
    const sameOrder = before.sections.map((s) => s.slug).join("\n") === material.sections.map((s) => s.slug).join("\n");
    if (sameOrder && sameText({ ...before, order: current.order }, material) && diff.every((d) => d.state === "unchanged")) {
      return { slug, revision: current.revision, changed: false, diff };
    }
    const revision = current.revision + 1;
    const written = material.sections.filter((s) => states.get(s.slug) !== "unchanged");
    const refs = material.sections.map((s) => ({ slug: s.slug, revision: states.get(s.slug) === "unchanged" ? earlier.get(s.slug)!.revision : revision }));
    const now = new Date();
    const paragraphs = (kind: "added" | "changed" | "removed") => diff.reduce((sum, d) => sum + d.counts[kind], 0);
    try {
      await db.$transaction([
        // Misses (and so rolls the batch back) if another revision or an archive got there first.
        db.publishedMaterial.update({
          where: { slug, revision: current.revision, status: { not: "ARCHIVED" } },
          data: { revision, title: material.title, description: material.description, order: material.order, updatedById: actor.id, updatedAt: now },
        }),
        ...revisionWrites(db, { slug, revision, material, refs, written, actor, now }),
        auditRow(db, actor, "material.revise", slug, {
          revision,
          sectionsWritten: written.length,
          sectionsRemoved: diff.filter((d) => d.state === "removed").length,
          paragraphsAdded: paragraphs("added"),
          paragraphsChanged: paragraphs("changed"),
          paragraphsRemoved: paragraphs("removed"),
        }),
      ]);
      await afterWrite();
      return { slug, revision, changed: true, diff };
    } catch (error) {
      if (isRecordMissing(error) || isUniqueViolation(error)) continue;
      throw error;
    }
  }
  throw new MaterialStoreError("busy", slug);
}

/** Archives a material: hidden from readers; its revisions, and everyone's progress and notes, are kept. */
export async function archiveMaterial(actor: MaterialActor, slug: string): Promise<void> {
  const db = await getDb();
  const current = await getManagedMaterial(db, actor, slug);
  if (current.status === "ARCHIVED") throw new MaterialStoreError("archived", slug);
  const now = new Date();
  try {
    await db.$transaction([
      db.publishedMaterial.update({ where: { slug, status: { not: "ARCHIVED" } }, data: { status: "ARCHIVED", updatedById: actor.id, updatedAt: now } }),
      bumpMaterialsVersion(db, now),
      auditRow(db, actor, "material.archive", slug, { revision: current.revision }),
    ]);
  } catch (error) {
    if (isRecordMissing(error)) throw new MaterialStoreError("archived", slug);
    throw error;
  }
  await afterWrite();
}

