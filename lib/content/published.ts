import "server-only";
import { getDb } from "../db";
import { getMaterialsVersion, readRevision } from "../materials/read";
import type { PublishedQuiz } from "../quiz/published";
import { loadPublishedQuizzes } from "../quiz/published-load";
import { renderSection, type Material, type Section } from "./loader";
import { estimateReadingMinutes } from "./reading-time";

/*
 * Materials published from the browser (lib/materials/store.ts), held per process like content/ is,
 * but reloaded when the shared MaterialsVersion counter moves: every publish, revision and archive
 * bumps it in the same transaction as its rows. A process reads that one row at most once per
 * CHECK_INTERVAL_MS (pages and routes call refreshPublishedMaterials first, and the portal server
 * polls it), so a material published on one instance is served by every instance within about a
 * second, with no rebuild and no restart.
 */

export const CHECK_INTERVAL_MS = 1000;

// Question banks are stored with the materials and bumped by the same counter: loaded together, one snapshot.
type Snapshot = { version: number; materials: Material[]; quizzes: ReadonlyMap<string, PublishedQuiz> };

let snapshot: Snapshot = { version: Number.NaN, materials: [], quizzes: new Map() };
let checkedAt = Number.NEGATIVE_INFINITY;
let inflight: Promise<boolean> | undefined;
// Rendering is the costly part: a section's text at one revision never changes, so it is kept.
const rendered = new Map<string, Section>();

/** The MaterialsVersion the snapshot was loaded at (NaN before the first load). */
export function getPublishedVersion(): number {
  return snapshot.version;
}

/**
 * The stored quizzes of the published materials as last loaded (lib/quiz/published.ts); a new map
 * after every reload, so a cache keyed by it follows the version counter.
 */
export function getPublishedQuizzes(): ReadonlyMap<string, PublishedQuiz> {
  return snapshot.quizzes;
}

/** The published materials as last loaded, archived ones included (their status says so). */
export function getPublishedSnapshot(): readonly Material[] {
  return snapshot.materials;
}

async function loadPublished(): Promise<Material[]> {
  const db = await getDb();
  const rows = await db.publishedMaterial.findMany({
    orderBy: [{ order: "asc" }, { slug: "asc" }],
    select: { slug: true, order: true, status: true, revision: true, audienceUnit: { select: { path: true } } },
  });
  const keep = new Set<string>();
  const materials: Material[] = [];
  for (const row of rows) {
    const text = await readRevision(db, row.slug, row.revision);
    if (!text) throw new Error(`published material ${row.slug} has no revision ${row.revision}`);
    const sections = text.sections.map((stored) => {
      const key = `${row.slug}\n${stored.slug}\n${stored.revision}`;
      keep.add(key);
      let section = rendered.get(key);
      if (!section) {
        section = renderSection(stored.slug, stored.title, stored.body);
        rendered.set(key, section);
      }
      return section;
    });
    const chars = sections.reduce((sum, s) => sum + s.chars, 0);
    materials.push({
      slug: row.slug,
      title: text.title,
      description: text.description,
      order: row.order,
      sections,
      chars,
      minutes: estimateReadingMinutes(chars),
      source: "published",
      revision: row.revision,
      access: { status: row.status, audiencePath: row.audienceUnit?.path ?? null },
    });
  }
  for (const key of rendered.keys()) if (!keep.has(key)) rendered.delete(key);
  return materials;
}

/**
 * Whether a request asks for an answer revalidated end to end: `Cache-Control: no-cache` or `Pragma:
 * no-cache`, which a browser sends for a hard reload and for a fetch with cache "no-store" or
 * "reload" (the offline download fetches its pages so, right after the server said the material has
 * a new revision). A published page asked for so is served after a forced look at the shared
 * version, never from a look up to CHECK_INTERVAL_MS old, which this part of the server (or this
 * instance) may not have taken since another one saw the revision.
 */
export function asksForFreshCopy(header: (name: string) => string | null | undefined): boolean {
  return /(?:^|[\s,])no-cache(?:$|[\s,=])/i.test(header("cache-control") ?? "") || /no-cache/i.test(header("pragma") ?? "");
}

/**
 * Reloads the published materials if the shared version moved since the last look, looking at most
 * once per CHECK_INTERVAL_MS unless forced (right after this process published: a look already
 * under way may have started before the write, so a forced one waits for it and looks again).
 * Concurrent unforced callers share one look. Returns whether anything was reloaded.
 */
export async function refreshPublishedMaterials(options: { force?: boolean } = {}): Promise<boolean> {
  if (options.force) {
    while (inflight) await inflight.catch(() => undefined);
  } else {
    if (inflight) return inflight;
    if (Date.now() - checkedAt < CHECK_INTERVAL_MS) return false;
  }
  const look = (async () => {
    try {
      const version = await getMaterialsVersion();
      checkedAt = Date.now();
      if (version === snapshot.version) return false;
      // Loaded after the version was read: a publish in between makes the next look reload again.
      const [materials, quizzes] = await Promise.all([loadPublished(), getDb().then(loadPublishedQuizzes)]);
      snapshot = { version, materials, quizzes };
      return true;
    } finally {
      inflight = undefined;
    }
  })();
  inflight = look;
  return look;
}
