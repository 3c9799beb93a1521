import { meetsCompletion, requiredActiveSeconds } from "../../lib/progress/config";
import type { PlannedAccount } from "./accounts";
import { createRandom, type Random } from "./random";
import { DAY_MS, SECOND_MS, isoTime, type SeedSpec } from "./time";

/** What the generator needs of a section (lib/content's Section has more). */
export type SeedSection = { slug: string; version: string; chars: number; paragraphs: ReadonlyArray<{ id: string; chars: number }> };

type PreparedSection = SeedSection & {
  requiredActive: number;
  /** prefixes[j]: the first j paragraphs as stored (JSON array of ids) and their characters. */
  prefixes: Array<{ json: string; chars: number }>;
};

export type SeedMaterial = { slug: string; sections: PreparedSection[] };

/** One SectionProgress row, column by column, as SQLite stores it. */
export type ProgressRow = {
  userId: number;
  materialSlug: string;
  sectionSlug: string;
  version: string;
  readParagraphs: string;
  readChars: number;
  furthestIndex: number;
  lastParagraphId: string | null;
  activeSeconds: number;
  lastViewId: string;
  lastViewActive: number;
  lastBeatAt: string;
  completedAt: string | null;
  completedVersion: string | null;
  createdAt: string;
  updatedAt: string;
};

export const STREAM_PROGRESS = 4;
/** Reading happened within this many days before "now". */
export const WINDOW_DAYS = 30;

/** Precomputes each section's read-prefix JSON once, instead of once per reader. */
export function prepareMaterial(slug: string, sections: readonly SeedSection[]): SeedMaterial {
  return {
    slug,
    sections: sections.map((section) => {
      const prefixes = [{ json: "[]", chars: 0 }];
      for (let j = 1; j <= section.paragraphs.length; j++) {
        const read = section.paragraphs.slice(0, j);
        prefixes.push({ json: JSON.stringify(read.map((p) => p.id)), chars: read.reduce((sum, p) => sum + p.chars, 0) });
      }
      return { ...section, requiredActive: requiredActiveSeconds(section.chars), prefixes };
    }),
  };
}

/** One sitting with a section: how much was read, the active seconds, and how long it took on the clock. */
type Visit = { section: PreparedSection; read: number; active: number; wallSeconds: number; completeAfterSeconds: number | null };

function completedVisit(random: Random, section: PreparedSection): Visit {
  const need = section.requiredActive;
  const active = Math.max(need, Math.ceil(need * random.between(1, 2.4)));
  const wallSeconds = active * random.between(1.05, 1.6) + random.int(10, 40);
  // The rule was met somewhere between the required active time and the last beat.
  const completeAfterSeconds = random.between(Math.max(need, active * 0.8), wallSeconds);
  return { section, read: section.paragraphs.length, active, wallSeconds, completeAfterSeconds };
}

function partialVisit(random: Random, section: PreparedSection, sectionChars: number): Visit {
  const need = section.requiredActive;
  // At least one paragraph: a reader with nothing read and under a minute has not started (issue 15, item 12).
  const read = Math.max(1, random.int(0, section.paragraphs.length - 1));
  const readChars = section.prefixes[read]?.chars ?? 0;
  let active = Math.round(need * 2 * (readChars / sectionChars) * random.between(0.6, 1.3)) + random.int(3, 40);
  // Not complete means the rule is not met (the beat merge would have completed it otherwise).
  if (meetsCompletion({ readChars, activeSeconds: active, sectionChars })) active = Math.max(0, need - random.int(1, 10));
  return { section, read, active, wallSeconds: active * random.between(1.05, 1.6) + random.int(5, 30), completeAfterSeconds: null };
}

/**
 * A reader's SectionProgress rows: none when not started; every section complete; or the first k
 * sections complete and the next one partly read. Sections are read in order, in sittings spread over
 * the last 30 days, so later sections have later dates; rows come out in time order, so the reader's
 * clock (kept by a trigger on insert) ends at their latest beat.
 */
export function planProgress(spec: SeedSpec, material: SeedMaterial, reader: PlannedAccount): ProgressRow[] {
  if (reader.status === "not-started" || material.sections.length === 0) return [];
  const random = createRandom(spec.seed, STREAM_PROGRESS, reader.id);
  const sections = material.sections;
  const done = reader.status === "completed" ? sections.length : Math.min(sections.length - 1, Math.floor(sections.length * random.next() ** 1.5));
  const visits = sections.slice(0, done).map((section) => completedVisit(random, section));
  const next = sections[done];
  if (reader.status === "in-progress" && next) visits.push(partialVisit(random, next, next.chars));

  // Short breaks within one sitting, or days between sittings; squeezed to fit the window if need be.
  const gaps = visits.map(() => (random.chance(0.55) ? random.int(5, 300) : random.between(0.3, 4) * 86_400) * SECOND_MS);
  gaps[gaps.length - 1] = 0;
  const busy = visits.reduce((sum, visit) => sum + visit.wallSeconds * SECOND_MS, 0);
  const end = spec.now.getTime() - random.int(60, 6 * 3600) * SECOND_MS;
  const earliest = spec.now.getTime() - WINDOW_DAYS * DAY_MS;
  const start = earliest + random.next() * Math.max(0, end - busy - earliest);
  const room = Math.max(0, end - busy - start);
  const gapTotal = gaps.reduce((a, b) => a + b, 0);
  const squeeze = gapTotal > room ? room / gapTotal : 1;

  let at = start;
  return visits.map((visit, index): ProgressRow => {
    const { section, read } = visit;
    const prefix = section.prefixes[read] ?? { json: "[]", chars: 0 };
    const lastBeatAt = isoTime(at + visit.wallSeconds * SECOND_MS);
    const completed = visit.completeAfterSeconds === null ? null : isoTime(at + visit.completeAfterSeconds * SECOND_MS);
    const row: ProgressRow = {
      userId: reader.id,
      materialSlug: material.slug,
      sectionSlug: section.slug,
      version: section.version,
      readParagraphs: prefix.json,
      readChars: prefix.chars,
      furthestIndex: read - 1,
      lastParagraphId: read > 0 ? (section.paragraphs[read - 1]?.id ?? null) : null,
      activeSeconds: visit.active,
      lastViewId: random.token(16),
      lastViewActive: random.chance(0.75) ? visit.active : random.int(Math.ceil(visit.active * 0.3), visit.active),
      lastBeatAt,
      completedAt: completed,
      completedVersion: completed === null ? null : section.version,
      createdAt: isoTime(at),
      updatedAt: lastBeatAt,
    };
    at += visit.wallSeconds * SECOND_MS + (gaps[index] ?? 0) * squeeze;
    return row;
  });
}

/** MaterialInfo.sectionVersions as the server records it at start-up (syncMaterialCatalog), so it finds nothing to rebuild. */
export function sectionVersionsJson(sections: readonly SeedSection[]): string {
  return JSON.stringify(Object.fromEntries(sections.map((section) => [section.slug, section.version])));
}
