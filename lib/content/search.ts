import { z } from "zod";
import type { Material } from "./loader";

export const MAX_QUERY_LENGTH = 50;
export const MAX_RESULTS = 50;
const SNIPPET_LENGTH = 160;
const SNIPPET_LEAD = 40;

/** A piece of a snippet; `match` pieces are shown highlighted. */
export type Segment = { text: string; match: boolean };

export type SearchHit = {
  materialSlug: string;
  materialTitle: string;
  sectionSlug: string;
  sectionTitle: string;
  paragraphId: string;
  segments: Segment[];
};

export type SearchResult = { hits: SearchHit[]; total: number };

/** Validates the `q` query parameter; messages are shown to readers, so they are in Chinese. */
export const searchQuerySchema = z
  .string()
  .trim()
  .max(MAX_QUERY_LENGTH, `搜索词太长，请不超过 ${MAX_QUERY_LENGTH} 个字`)
  .transform((q) => q.split(/\s+/u).filter((term) => term.length > 0));

type Normalized = { text: string; starts: number[]; ends: number[] };

// Full-width and half-width forms, and upper and lower case, match each other (NFKC + lower case).
// Chinese has no spaces between words, so plain substring matching is the right unit: 精准施策
// matches wherever those four characters stand together. The maps lead back to the original text.
function normalize(text: string): Normalized {
  let out = "";
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const char of text) {
    const norm = char.normalize("NFKC").toLowerCase();
    for (let i = 0; i < norm.length; i++) {
      starts.push(index);
      ends.push(index + char.length);
    }
    out += norm;
    index += char.length;
  }
  return { text: out, starts, ends };
}

function findRanges(text: string, terms: string[]): Array<[number, number]> | null {
  const norm = normalize(text);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    const needle = normalize(term).text;
    let from = norm.text.indexOf(needle);
    if (from < 0) return null;
    while (from >= 0) {
      const start = norm.starts[from] ?? 0;
      const end = norm.ends[from + needle.length - 1] ?? text.length;
      ranges.push([start, end]);
      from = norm.text.indexOf(needle, from + needle.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Cuts a window around the first match and splits it into plain and highlighted pieces. */
export function buildSnippet(text: string, ranges: Array<[number, number]>): Segment[] {
  const first = ranges[0]?.[0] ?? 0;
  const from = text.length <= SNIPPET_LENGTH ? 0 : Math.max(0, Math.min(first - SNIPPET_LEAD, text.length - SNIPPET_LENGTH));
  const to = Math.min(text.length, from + SNIPPET_LENGTH);
  const segments: Segment[] = [];
  let cursor = from;
  for (const [start, end] of ranges) {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (e <= s) continue;
    if (s > cursor) segments.push({ text: text.slice(cursor, s), match: false });
    segments.push({ text: text.slice(s, e), match: true });
    cursor = e;
  }
  if (cursor < to) segments.push({ text: text.slice(cursor, to), match: false });
  if (from > 0) segments.unshift({ text: "…", match: false });
  if (to < text.length) segments.push({ text: "…", match: false });
  return segments;
}

/** Finds the paragraphs that contain every term, in reading order, with highlighted snippets. */
export function searchMaterials(materials: Material[], terms: string[], limit = MAX_RESULTS): SearchResult {
  const hits: SearchHit[] = [];
  let total = 0;
  if (terms.length === 0) return { hits, total };
  for (const material of materials) {
    for (const section of material.sections) {
      for (const paragraph of section.paragraphs) {
        const ranges = findRanges(paragraph.text, terms);
        if (!ranges) continue;
        total += 1;
        if (hits.length >= limit) continue;
        hits.push({
          materialSlug: material.slug,
          materialTitle: material.title,
          sectionSlug: section.slug,
          sectionTitle: section.title,
          paragraphId: paragraph.id,
          segments: buildSnippet(paragraph.text, ranges),
        });
      }
    }
  }
  return { hits, total };
}
