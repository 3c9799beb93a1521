import "server-only";
import { getAdminScope, type Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MaterialStatus } from "@/lib/generated/prisma/enums";
import { MaterialStoreError } from "./errors";
import { canManageMaterialFor, canReadPublishedMaterial } from "./permissions";

// Reads of published materials (the writes are in store.ts, which re-exports these).

export type MaterialActor = Actor & { account: string };

export type PublishedSectionText = { slug: string; title: string; body: string; version: string; revision: number };
export type PublishedMaterialView = {
  slug: string;
  title: string;
  description: string;
  order: number;
  status: MaterialStatus;
  audienceUnitId: number | null;
  audiencePath: string | null;
  /** The revision these sections are from, and the material's latest. */
  revision: number;
  latestRevision: number;
  updatedAt: Date;
  sections: PublishedSectionText[];
};
export type MaterialSummary = Omit<PublishedMaterialView, "sections" | "latestRevision"> & {
  audienceUnitName: string | null;
  canManage: boolean;
  canRead: boolean;
};

export type Db = PrismaClient;
export type SectionRef = { slug: string; revision: number };

export function requireAdministrator(actor: MaterialActor): void {
  if (getAdminScope(actor) === null) throw new MaterialStoreError("forbidden");
}

/** A material the actor may manage, or a typed error (not found, outside their subtree). */
export async function getManagedMaterial(db: Db, actor: MaterialActor, slug: string) {
  requireAdministrator(actor);
  const material = await db.publishedMaterial.findUnique({
    where: { slug },
    select: { slug: true, title: true, description: true, order: true, status: true, revision: true, audienceUnit: { select: { path: true } } },
  });
  if (!material) throw new MaterialStoreError("not-found", slug);
  if (!canManageMaterialFor(actor, material.audienceUnit?.path ?? null)) throw new MaterialStoreError("audience-outside-scope", slug);
  return material;
}

export async function readRevision(db: Db, slug: string, revision: number) {
  const row = await db.publishedMaterialRevision.findUnique({ where: { materialSlug_revision: { materialSlug: slug, revision } } });
  if (!row) return null;
  const refs = JSON.parse(row.sections) as SectionRef[];
  const texts = await db.publishedSection.findMany({
    where: { materialSlug: slug, OR: refs.map((ref) => ({ sectionSlug: ref.slug, revision: ref.revision })) },
    select: { sectionSlug: true, title: true, body: true, version: true, revision: true },
  });
  const bySlug = new Map(texts.map((text) => [text.sectionSlug, text]));
  const sections = refs.map((ref): PublishedSectionText => {
    const text = bySlug.get(ref.slug);
    if (!text) throw new Error(`published material ${slug} revision ${revision} lists a section with no text (${ref.slug})`);
    return { slug: ref.slug, title: text.title, body: text.body, version: text.version, revision: text.revision };
  });
  return { title: row.title, description: row.description, sections };
}

/**
 * The published materials an actor may see: those they may read (published, for the whole portal or
 * a unit above or at theirs) and, for administrators, every one they manage, archived included.
 */
export async function listMaterialsFor(actor: MaterialActor): Promise<MaterialSummary[]> {
  const db = await getDb();
  const ancestorIds = actor.unitPath.split("/").filter(Boolean).map(Number);
  const readable = { status: "PUBLISHED" as const, OR: [{ audienceUnitId: null }, { audienceUnitId: { in: ancestorIds } }] };
  const scope = getAdminScope(actor);
  const where = actor.role === "SYSTEM_ADMIN" ? {} : scope ? { OR: [readable, { audienceUnit: { path: { startsWith: scope } } }] } : readable;
  const rows = await db.publishedMaterial.findMany({
    where,
    orderBy: [{ order: "asc" }, { slug: "asc" }],
    select: {
      slug: true, title: true, description: true, order: true, status: true, revision: true, audienceUnitId: true, updatedAt: true,
      audienceUnit: { select: { path: true, name: true } },
    },
  });
  return rows.map(({ audienceUnit, ...row }) => {
    const access = { status: row.status, audiencePath: audienceUnit?.path ?? null };
    return {
      ...row,
      audiencePath: access.audiencePath,
      audienceUnitName: audienceUnit?.name ?? null,
      canManage: canManageMaterialFor(actor, access.audiencePath),
      canRead: canReadPublishedMaterial(actor, access),
    };
  });
}

/**
 * A published material with its sections' Markdown, at its latest revision or the one asked for;
 * null if there is no such material or revision. It does not check who asks: the caller decides
 * with canReadPublishedMaterial (readers) or canManageMaterialFor (administrators, archived ones).
 */
export async function getPublishedMaterial(slug: string, options: { revision?: number } = {}): Promise<PublishedMaterialView | null> {
  const db = await getDb();
  const material = await db.publishedMaterial.findUnique({
    where: { slug },
    select: { slug: true, order: true, status: true, revision: true, audienceUnitId: true, updatedAt: true, audienceUnit: { select: { path: true } } },
  });
  if (!material) return null;
  const revision = options.revision ?? material.revision;
  const text = await readRevision(db, slug, revision);
  if (!text) return null;
  const { audienceUnit, revision: latestRevision, ...rest } = material;
  return { ...rest, ...text, audiencePath: audienceUnit?.path ?? null, revision, latestRevision };
}

/** A material's revisions, newest first, for an administrator who manages it. */
export async function listMaterialRevisions(actor: MaterialActor, slug: string) {
  const db = await getDb();
  await getManagedMaterial(db, actor, slug);
  const rows = await db.publishedMaterialRevision.findMany({
    where: { materialSlug: slug },
    orderBy: { revision: "desc" },
    select: { revision: true, title: true, sections: true, createdById: true, createdAt: true },
  });
  return rows.map(({ sections, ...row }) => ({ ...row, sections: (JSON.parse(sections) as SectionRef[]).length }));
}

/**
 * The shared counter every publish, revision and archive moves (one primary-key read): an instance
 * whose cached copy was built at another value reloads the published materials.
 */
export async function getMaterialsVersion(): Promise<number> {
  const db = await getDb();
  const row = await db.materialsVersion.findUnique({ where: { id: 1 }, select: { version: true } });
  return row?.version ?? 0;
}
