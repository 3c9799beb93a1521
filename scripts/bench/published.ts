// The bench's published material (issue 16): a copy of the bench material's text published through
// lib/materials/store.ts, so that its section page (rendered by Next once per revision and then kept
// by the lean path) can be compared with the same section prerendered from content/.
import type { ImportedSection } from "../../lib/materials/import";
import { BEAT_MATERIAL } from "./beats";

export const PUBLISHED_BENCH_SLUG = "bench-published-copy";

/** Publishes (again) the copy into the bench database; DATABASE_URL must already point at it. */
export async function publishBenchCopy(): Promise<void> {
  const { getDb } = await import("../../lib/db");
  const { getMaterial } = await import("../../lib/content");
  const { publishMaterial } = await import("../../lib/materials/store");
  const db = await getDb();
  const material = getMaterial(BEAT_MATERIAL);
  if (!material) throw new Error(`material "${BEAT_MATERIAL}" not found in the content folder`);
  const admin = await db.user.findFirst({ where: { role: "SYSTEM_ADMIN" }, select: { id: true, role: true, account: true, unit: { select: { path: true } } } });
  if (!admin) throw new Error("no system administrator in the bench database (db:seed-demo did not seed?)");
  await db.publishedMaterial.deleteMany({ where: { slug: PUBLISHED_BENCH_SLUG } });
  const sections: ImportedSection[] = material.sections.map((section) => ({
    slug: section.slug,
    title: section.title,
    paragraphs: section.paragraphs.map((p) => ({ kind: "paragraph", text: p.text, flags: [] })),
  }));
  await publishMaterial(
    { id: admin.id, role: admin.role, account: admin.account, unitPath: admin.unit.path },
    { slug: PUBLISHED_BENCH_SLUG, title: `${material.title}（发布副本）`, description: material.description, audienceUnitId: null, sections },
  );
}
