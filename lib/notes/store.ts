import "server-only";
import { getDb } from "../db";
import type { CreateNoteInput } from "../schemas/notes";
import { contextAround, reanchor, type AnchorParagraph, type Placement } from "./anchor";
import { NoteError, noteNotFound } from "./errors";
import { getCurrentParagraphs, getParagraphsOfVersion } from "./paragraphs";
import { NOTE_RULES } from "./rules";

/** A note as its owner sees it: where it sits in the current text (null: 原文已修改). */
export type NoteView = {
  id: string;
  materialSlug: string;
  sectionSlug: string;
  quote: string;
  body: string;
  rev: number;
  createdAt: string;
  updatedAt: string;
  placement: Placement | null;
};

const noteSelect = {
  id: true,
  materialSlug: true,
  sectionSlug: true,
  paragraphId: true,
  startOffset: true,
  quote: true,
  prefix: true,
  suffix: true,
  body: true,
  rev: true,
  createdAt: true,
  updatedAt: true,
} as const;

type NoteRow = { id: string; materialSlug: string; sectionSlug: string; paragraphId: string; startOffset: number; quote: string; prefix: string; suffix: string; body: string; rev: number; createdAt: Date; updatedAt: Date };

function toView(row: NoteRow, paragraphs: AnchorParagraph[] | undefined): NoteView {
  return {
    id: row.id,
    materialSlug: row.materialSlug,
    sectionSlug: row.sectionSlug,
    quote: row.quote,
    body: row.body,
    rev: row.rev,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    placement: paragraphs ? reanchor(row, paragraphs) : null,
  };
}

/** Orders notes as they stand in the text; notes whose passage is gone come last, oldest first. */
export function sortByPlacement(notes: NoteView[], paragraphs: AnchorParagraph[]): NoteView[] {
  const index = new Map(paragraphs.map((p, i) => [p.id, i]));
  const key = (n: NoteView) => (n.placement ? (index.get(n.placement.paragraphId) ?? 0) * 1e6 + n.placement.start : Number.MAX_SAFE_INTEGER);
  return [...notes].sort((a, b) => key(a) - key(b) || a.createdAt.localeCompare(b.createdAt));
}

async function findOwnRow(userId: number, id: string) {
  const db = await getDb();
  return db.note.findFirst({ where: { id, userId }, select: { ...noteSelect, deletedAt: true } });
}

/** One of the reader's own notes; another reader's id gets the same 404 as a missing one. */
export async function getMyNote(userId: number, id: string): Promise<NoteView> {
  const row = await findOwnRow(userId, id);
  if (!row || row.deletedAt) throw noteNotFound();
  return toView(row, getCurrentParagraphs(row.materialSlug, row.sectionSlug)?.paragraphs);
}

/**
 * Creates a highlight or note on a passage the reader selected. The passage is checked against the
 * text of the version the page showed, and the context is taken from that text here, not from the
 * browser. Idempotent on the browser-made id: a create retried after a lost answer returns the note.
 */
export async function createNote(userId: number, input: CreateNoteInput, now = new Date()): Promise<NoteView> {
  const paragraphs = await getParagraphsOfVersion(input.material, input.section, input.version);
  if (!paragraphs) {
    if (!getCurrentParagraphs(input.material, input.section)) throw new NoteError(404, "unknown_section", "找不到这一节");
    throw new NoteError(422, "unknown_version", "页面版本已过期，请刷新页面后再做笔记");
  }
  const paragraph = paragraphs.find((p) => p.id === input.paragraphId);
  if (!paragraph || paragraph.text.slice(input.start, input.start + input.quote.length) !== input.quote) {
    throw new NoteError(422, "passage_mismatch", "所选文字与原文不一致，请刷新页面后重新选择");
  }
  const db = await getDb();
  const existing = await findOwnRow(userId, input.id);
  if (existing && !existing.deletedAt) return toView(existing, getCurrentParagraphs(input.material, input.section)?.paragraphs);
  const count = await db.note.count({ where: { userId, materialSlug: input.material, sectionSlug: input.section, deletedAt: null } });
  if (count >= NOTE_RULES.maxNotesPerSection) {
    throw new NoteError(422, "too_many", `每节最多保存 ${NOTE_RULES.maxNotesPerSection} 条划线和笔记，请先删除一些`);
  }
  const { prefix, suffix } = contextAround(paragraph.text, input.start, input.quote.length);
  const at = now.toISOString();
  // One atomic statement: a concurrent retry of the same create inserts nothing the second time.
  await db.$executeRaw`
    INSERT INTO "Note" ("id", "userId", "materialSlug", "sectionSlug", "paragraphId", "version", "startOffset", "quote", "prefix", "suffix", "body", "rev", "createdAt", "updatedAt")
    VALUES (${input.id}, ${userId}, ${input.material}, ${input.section}, ${input.paragraphId}, ${input.version}, ${input.start}, ${input.quote}, ${prefix}, ${suffix}, ${input.body}, 1, ${at}, ${at})
    ON CONFLICT ("id") DO NOTHING`;
  const row = await findOwnRow(userId, input.id);
  // The id is someone else's (or a deleted note's): ids are random, so only a forged request gets here.
  if (!row || row.deletedAt) throw new NoteError(409, "id_taken", "保存失败，请重试");
  return toView(row, getCurrentParagraphs(input.material, input.section)?.paragraphs);
}

/**
 * Saves a new body, based on the revision the reader edited. One conditional UPDATE, so two tabs
 * cannot both win: the second gets a conflict carrying what is stored now, never a silent overwrite.
 */
export async function editMyNote(userId: number, id: string, body: string, rev: number, now = new Date()): Promise<NoteView> {
  const db = await getDb();
  const { count } = await db.note.updateMany({ where: { id, userId, rev, deletedAt: null }, data: { body, rev: { increment: 1 }, updatedAt: now } });
  const row = await findOwnRow(userId, id);
  if (!row) throw noteNotFound();
  if (row.deletedAt) throw new NoteError(410, "deleted", "这条笔记已删除");
  if (count === 0) throw new NoteError(409, "conflict", "这条笔记已在其他窗口或设备上修改过", { body: row.body, rev: row.rev });
  return toView(row, getCurrentParagraphs(row.materialSlug, row.sectionSlug)?.paragraphs);
}

/** Deletes a note softly: it disappears at once and can be brought back with 撤销 for a while. */
export async function deleteMyNote(userId: number, id: string, now = new Date()): Promise<void> {
  const db = await getDb();
  const { count } = await db.note.updateMany({ where: { id, userId, deletedAt: null }, data: { deletedAt: now } });
  if (count === 0 && !(await findOwnRow(userId, id))) throw noteNotFound();
}

/** 撤销 of a delete, accepted within the undo window (plus a little for a slow network). */
export async function restoreMyNote(userId: number, id: string, now = new Date()): Promise<NoteView> {
  const db = await getDb();
  const since = new Date(now.getTime() - NOTE_RULES.undoWindowMs - NOTE_RULES.undoGraceMs);
  await db.note.updateMany({ where: { id, userId, deletedAt: { gte: since } }, data: { deletedAt: null } });
  const row = await findOwnRow(userId, id);
  if (!row) throw noteNotFound();
  if (row.deletedAt) throw new NoteError(410, "undo_expired", "撤销时间已过，笔记已删除");
  return toView(row, getCurrentParagraphs(row.materialSlug, row.sectionSlug)?.paragraphs);
}

/** The reader's own notes in one section, in text order, each placed in the current text. */
export async function listMySectionNotes(userId: number, materialSlug: string, sectionSlug: string): Promise<NoteView[] | undefined> {
  const current = getCurrentParagraphs(materialSlug, sectionSlug);
  if (!current) return undefined;
  const db = await getDb();
  const rows = await db.note.findMany({ where: { userId, materialSlug, sectionSlug, deletedAt: null }, select: noteSelect, orderBy: { createdAt: "asc" } });
  return sortByPlacement(
    rows.map((row) => toView(row, current.paragraphs)),
    current.paragraphs,
  );
}

/** Every note of the reader (all materials), each placed in the current text. */
export async function listAllMyNotes(userId: number, materialSlug?: string): Promise<NoteView[]> {
  const db = await getDb();
  const rows = await db.note.findMany({
    where: { userId, deletedAt: null, ...(materialSlug ? { materialSlug } : {}) },
    select: noteSelect,
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => toView(row, getCurrentParagraphs(row.materialSlug, row.sectionSlug)?.paragraphs));
}
