import "server-only";
import { getAdminScope, type Actor } from "../auth/permissions";
import { getMaterial } from "../content";
import { getDb } from "../db";
import { ForbiddenError, NotFoundError } from "../db-errors";
import type { ReflectionKey } from "../schemas/notes";
import { NoteError } from "./errors";
import { canWithdrawSubmission } from "./rules";

/** A reflection (心得) as its owner sees it. */
export type ReflectionView = {
  materialSlug: string;
  /** null for the reflection on the whole material. */
  sectionSlug: string | null;
  body: string;
  rev: number;
  updatedAt: string;
  submittedAt: string | null;
  /** Whether the submitted copy differs from the working text (edited after submitting). */
  changedSinceSubmit: boolean;
  canWithdraw: boolean;
};

const ownSelect = { materialSlug: true, sectionSlug: true, body: true, rev: true, updatedAt: true, submittedAt: true, submittedBody: true } as const;
type OwnRow = { materialSlug: string; sectionSlug: string; body: string; rev: number; updatedAt: Date; submittedAt: Date | null; submittedBody: string | null };

// Assignments with due dates come with issue 6; until then no reflection has a deadline.
const NO_DUE_DATE = null;

function toView(row: OwnRow): ReflectionView {
  return {
    materialSlug: row.materialSlug,
    sectionSlug: row.sectionSlug || null,
    body: row.body,
    rev: row.rev,
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    changedSinceSubmit: row.submittedAt !== null && row.submittedBody !== row.body,
    canWithdraw: canWithdrawSubmission(row, NO_DUE_DATE),
  };
}

/** The stored key of a reflection, after checking that the material (and section) exist. */
function storedKey(key: ReflectionKey): { materialSlug: string; sectionSlug: string } {
  const material = getMaterial(key.material);
  if (!material || (key.section && !material.sections.some((s) => s.slug === key.section))) {
    throw new NoteError(404, "unknown_section", "找不到这份学习材料或这一节");
  }
  return { materialSlug: key.material, sectionSlug: key.section ?? "" };
}

async function findOwn(userId: number, key: { materialSlug: string; sectionSlug: string }): Promise<OwnRow | null> {
  const db = await getDb();
  return db.reflection.findUnique({ where: { userId_materialSlug_sectionSlug: { userId, ...key } }, select: ownSelect });
}

/** The reader's own reflection on a section or material, or null when none was written. */
export async function getMyReflection(userId: number, key: ReflectionKey): Promise<ReflectionView | null> {
  const row = await findOwn(userId, storedKey(key));
  return row ? toView(row) : null;
}

/** All of the reader's own reflections. */
export async function listMyReflections(userId: number, materialSlug?: string): Promise<ReflectionView[]> {
  const db = await getDb();
  const rows = await db.reflection.findMany({ where: { userId, ...(materialSlug ? { materialSlug } : {}) }, select: ownSelect, orderBy: { createdAt: "asc" } });
  return rows.map(toView);
}

/**
 * Saves the text based on the revision the reader edited (0: none existed yet), in one atomic
 * statement; a stale revision is a conflict carrying the stored text, never a silent overwrite.
 */
export async function saveMyReflection(userId: number, key: ReflectionKey, body: string, rev: number, now = new Date()): Promise<ReflectionView> {
  const stored = storedKey(key);
  const db = await getDb();
  const at = now.toISOString();
  const changed =
    rev === 0
      ? await db.$executeRaw`
          INSERT INTO "Reflection" ("userId", "materialSlug", "sectionSlug", "body", "rev", "createdAt", "updatedAt")
          VALUES (${userId}, ${stored.materialSlug}, ${stored.sectionSlug}, ${body}, 1, ${at}, ${at})
          ON CONFLICT ("userId", "materialSlug", "sectionSlug") DO NOTHING`
      : (await db.reflection.updateMany({ where: { userId, ...stored, rev }, data: { body, rev: { increment: 1 }, updatedAt: now } })).count;
  const row = await findOwn(userId, stored);
  if (changed === 0 || !row) {
    throw new NoteError(409, "conflict", "这篇心得已在其他窗口或设备上修改过", { body: row?.body ?? "", rev: row?.rev ?? 0 });
  }
  return toView(row);
}

/** Hands the reflection in to the reader's unit: the revision the reader sees is copied as submitted. */
export async function submitMyReflection(userId: number, key: ReflectionKey, rev: number, now = new Date()): Promise<ReflectionView> {
  const stored = storedKey(key);
  const db = await getDb();
  const changed = await db.$executeRaw`
    UPDATE "Reflection" SET "submittedBody" = "body", "submittedAt" = ${now.toISOString()}
    WHERE "userId" = ${userId} AND "materialSlug" = ${stored.materialSlug} AND "sectionSlug" = ${stored.sectionSlug}
      AND "rev" = ${rev} AND trim("body") <> ''`;
  const row = await findOwn(userId, stored);
  if (!row) throw new NoteError(404, "not_found", "还没有写心得");
  if (changed === 0) {
    if (row.rev !== rev) throw new NoteError(409, "conflict", "这篇心得已在其他窗口或设备上修改过，请确认后再提交", { body: row.body, rev: row.rev });
    throw new NoteError(422, "empty", "心得是空的，写好后再提交");
  }
  return toView(row);
}

/**
 * Takes a submitted reflection back: it is private again. Allowed until the due date of the
 * assignment it was submitted for (`dueAt`; null, i.e. always, until assignments exist).
 */
export async function withdrawMyReflection(userId: number, key: ReflectionKey, options: { dueAt?: Date | null; now?: Date } = {}): Promise<ReflectionView> {
  const stored = storedKey(key);
  const row = await findOwn(userId, stored);
  if (!row?.submittedAt) throw new NoteError(409, "not_submitted", "这篇心得没有提交，无需撤回");
  if (!canWithdrawSubmission(row, options.dueAt ?? NO_DUE_DATE, options.now)) throw new NoteError(409, "past_due", "已过截止时间，不能撤回");
  const db = await getDb();
  await db.reflection.updateMany({ where: { userId, ...stored, submittedAt: { not: null } }, data: { submittedAt: null, submittedBody: null } });
  const after = await findOwn(userId, stored);
  if (!after) throw new NoteError(404, "not_found", "还没有写心得");
  return toView(after);
}

/** A submitted reflection as an administrator sees it: the submitted copy only, read-only. */
export type SubmittedReflection = {
  id: number;
  author: { name: string; account: string; unitName: string };
  materialTitle: string;
  sectionTitle: string | null;
  submittedAt: Date;
  submittedBody: string;
};

const submittedSelect = {
  id: true,
  materialSlug: true,
  sectionSlug: true,
  submittedAt: true,
  submittedBody: true,
  user: { select: { name: true, account: true, unit: { select: { name: true } } } },
} as const;

function titlesOf(materialSlug: string, sectionSlug: string): { materialTitle: string; sectionTitle: string | null } {
  const material = getMaterial(materialSlug);
  const section = sectionSlug ? (material?.sections.find((s) => s.slug === sectionSlug)?.title ?? sectionSlug) : null;
  return { materialTitle: material?.title ?? materialSlug, sectionTitle: section };
}

type SubmittedRow = { id: number; materialSlug: string; sectionSlug: string; submittedAt: Date | null; submittedBody: string | null; user: { name: string; account: string; unit: { name: string } } };

function toSubmitted(row: SubmittedRow): SubmittedReflection {
  return {
    id: row.id,
    author: { name: row.user.name, account: row.user.account, unitName: row.user.unit.name },
    ...titlesOf(row.materialSlug, row.sectionSlug),
    submittedAt: row.submittedAt ?? new Date(0),
    submittedBody: row.submittedBody ?? "",
  };
}

function scopeOf(actor: Actor): string {
  const scope = getAdminScope(actor);
  if (scope === null) throw new ForbiddenError("readers cannot see others' reflections");
  return scope;
}

export const SUBMITTED_PAGE_LIMIT = 200;

/**
 * Submitted reflections of readers in the administrator's scope (their unit's subtree; everything
 * for a system administrator), newest first. Private notes and unsubmitted text are never read here.
 */
export async function listSubmittedReflectionsInScope(actor: Actor): Promise<SubmittedReflection[]> {
  const db = await getDb();
  const rows = await db.reflection.findMany({
    where: { submittedAt: { not: null }, user: { unit: { path: { startsWith: scopeOf(actor) } } } },
    select: submittedSelect,
    orderBy: { submittedAt: "desc" },
    take: SUBMITTED_PAGE_LIMIT,
  });
  return rows.map(toSubmitted);
}

/**
 * One reader's submitted reflections, newest first, for the administrator's person page; empty when
 * the reader is outside the administrator's scope. Only the submitted copies: never private text.
 */
export async function listSubmittedReflectionsOf(actor: Actor, userId: number): Promise<SubmittedReflection[]> {
  const db = await getDb();
  const rows = await db.reflection.findMany({
    where: { userId, submittedAt: { not: null }, user: { unit: { path: { startsWith: scopeOf(actor) } } } },
    select: submittedSelect,
    orderBy: { submittedAt: "desc" },
    take: SUBMITTED_PAGE_LIMIT,
  });
  return rows.map(toSubmitted);
}

/** One submitted reflection in the administrator's scope; NotFoundError otherwise (also when private). */
export async function getSubmittedReflectionInScope(actor: Actor, id: number): Promise<SubmittedReflection> {
  const db = await getDb();
  const row = await db.reflection.findFirst({
    where: { id, submittedAt: { not: null }, user: { unit: { path: { startsWith: scopeOf(actor) } } } },
    select: submittedSelect,
  });
  if (!row) throw new NotFoundError(`reflection ${id}`);
  return toSubmitted(row);
}
