import type { Section } from "../content/loader";
import { isStarted } from "./config";

export type SectionState = "unread" | "reading" | "done" | "updated";

/** What the reader (and later their administrator) sees for one section. */
export type SectionStatus = {
  slug: string;
  title: string;
  state: SectionState;
  /** Share of the current text's characters read, 0–100. */
  percent: number;
  activeSeconds: number;
  completedAt: string | null;
  lastParagraphId: string | null;
  /** For "updated": paragraphs new or changed since the version the reader completed, not yet read. */
  changedParagraphIds: string[];
};

/** The stored progress of one section, as far as the status needs it. */
export type ProgressRow = {
  readParagraphs: string;
  activeSeconds: number;
  completedAt: Date | null;
  completedVersion: string | null;
  lastParagraphId: string | null;
};

/**
 * Derives a section's status from the stored progress and the current text, by the one definition
 * every view and count uses (lib/progress/state-sql.ts says the same in SQL):
 * - done: the latest completion is of the current version (the server records it when the reader
 *   meets the rule, and moves it to a new version when a revision changed nothing the reader has
 *   not read);
 * - updated (本节内容已更新): completed in an earlier version, with paragraphs new since then not yet
 *   read; `completedVersionIds` are that version's paragraph ids. Not done until those are read;
 * - reading: a paragraph read (ids are hashes of their text, so a read id still counts after
 *   unrelated edits) or a minute of active time; opening a section for a moment is still unread.
 */
export function computeSectionStatus(section: Section, row: ProgressRow | undefined, completedVersionIds?: string[]): SectionStatus {
  const base = { slug: section.slug, title: section.title, changedParagraphIds: [] as string[] };
  if (!row) return { ...base, state: "unread", percent: 0, activeSeconds: 0, completedAt: null, lastParagraphId: null };
  const read = new Set(JSON.parse(row.readParagraphs) as string[]);
  const readChars = section.paragraphs.reduce((sum, p) => sum + (read.has(p.id) ? p.chars : 0), 0);
  const percent = Math.min(100, Math.round((readChars / Math.max(1, section.chars)) * 100));
  const facts = { activeSeconds: row.activeSeconds, completedAt: row.completedAt?.toISOString() ?? null, lastParagraphId: row.lastParagraphId, percent };
  if (row.completedVersion === section.version) return { ...base, ...facts, state: "done" };
  if (row.completedVersion) {
    const before = new Set(completedVersionIds ?? []);
    const unreadChanges = section.paragraphs.filter((p) => !before.has(p.id) && !read.has(p.id)).map((p) => p.id);
    return { ...base, ...facts, state: "updated", changedParagraphIds: unreadChanges };
  }
  return { ...base, ...facts, state: isStarted({ paragraphsRead: read.size, activeSeconds: row.activeSeconds }) ? "reading" : "unread" };
}
