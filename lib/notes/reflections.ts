import "server-only";
import { writeAudit } from "../audit";
import { canReviewReflection, getAdminScope, type Actor } from "../auth/permissions";
import { getMaterial } from "../content";
import { getDb } from "../db";
import { ForbiddenError, NotFoundError } from "../db-errors";
import type { ReflectionKey } from "../schemas/notes";
import { NoteError } from "./errors";
import { commentsSelect, getReviewerNames, toReviewComments, type ReviewComment } from "./review";
import { canWithdrawSubmission, toReviewState, type ReviewState } from "./rules";

export type { ReviewComment };

/** What the reader's unit made of a submitted 心得: its state, the latest return's reason, the 点评. */
export type ReviewView = {
  /** null while private (never submitted, or withdrawn). */
  state: ReviewState | null;
  /** The latest 退回修改 (also after a resubmission, so that both sides still see what was asked). */
  returned: { reason: string; at: string; by: string } | null;
  comments: ReviewComment[];
};

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
  review: ReviewView;
};

const reviewSelect = { reviewState: true, returnReason: true, returnedAt: true, returnedById: true, comments: commentsSelect } as const;
const ownSelect = { id: true, materialSlug: true, sectionSlug: true, body: true, rev: true, updatedAt: true, submittedAt: true, submittedBody: true, ...reviewSelect } as const;

type ReviewRow = {
  reviewState: string | null;
  returnReason: string | null;
  returnedAt: Date | null;
  returnedById: number | null;
  comments: Array<{ id: number; authorId: number; body: string; createdAt: Date }>;
};
type OwnRow = { id: number; materialSlug: string; sectionSlug: string; body: string; rev: number; updatedAt: Date; submittedAt: Date | null; submittedBody: string | null } & ReviewRow;

/** The names of everyone who reviewed these rows, in one query. */
function reviewerNamesOf(rows: ReviewRow[]): Promise<Map<number, string>> {
  return getReviewerNames(rows.flatMap((r) => [...r.comments.map((c) => c.authorId), ...(r.returnedById === null ? [] : [r.returnedById])]));
}

function toReview(row: ReviewRow, names: Map<number, string>): ReviewView {
  const state = toReviewState(row.reviewState);
  const returned =
    state !== null && state !== "SUBMITTED" && row.returnReason !== null && row.returnedAt !== null
      ? { reason: row.returnReason, at: row.returnedAt.toISOString(), by: (row.returnedById !== null && names.get(row.returnedById)) || "管理员" }
      : null;
  return { state, returned, comments: toReviewComments(row.comments, names) };
}

// Assignments with due dates come with issue 6; until then no reflection has a deadline.
const NO_DUE_DATE = null;

function toView(row: OwnRow, names: Map<number, string>): ReflectionView {
  return {
    materialSlug: row.materialSlug,
    sectionSlug: row.sectionSlug || null,
    body: row.body,
    rev: row.rev,
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    changedSinceSubmit: row.submittedAt !== null && row.submittedBody !== row.body,
    canWithdraw: canWithdrawSubmission(row, NO_DUE_DATE),
    review: toReview(row, names),
  };
}

async function toViews(rows: OwnRow[]): Promise<ReflectionView[]> {
  const names = await reviewerNamesOf(rows);
  return rows.map((row) => toView(row, names));
}

async function toOneView(row: OwnRow): Promise<ReflectionView> {
  return (await toViews([row]))[0]!;
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
  return row ? toOneView(row) : null;
}

/** All of the reader's own reflections. */
export async function listMyReflections(userId: number, materialSlug?: string): Promise<ReflectionView[]> {
  const db = await getDb();
  const rows = await db.reflection.findMany({ where: { userId, ...(materialSlug ? { materialSlug } : {}) }, select: ownSelect, orderBy: { createdAt: "asc" } });
  return toViews(rows);
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
  return toOneView(row);
}

/**
 * Hands the reflection in to the reader's unit: the revision the reader sees is copied as submitted,
 * in one atomic statement. A returned one becomes RESUBMITTED (audit-logged); submitting again what
 * is already submitted, unchanged and not returned, is refused (a double click stores nothing twice).
 */
export async function submitMyReflection(
  reader: { id: number; account: string },
  key: ReflectionKey,
  rev: number,
  options: { now?: Date; ip?: string } = {},
): Promise<ReflectionView> {
  const stored = storedKey(key);
  const before = await findOwn(reader.id, stored);
  const db = await getDb();
  const changed = await db.$executeRaw`
    UPDATE "Reflection" SET "submittedBody" = "body", "submittedAt" = ${(options.now ?? new Date()).toISOString()},
      "reviewState" = CASE WHEN "reviewState" = 'RETURNED' THEN 'RESUBMITTED' WHEN "reviewState" IS NULL THEN 'SUBMITTED' ELSE "reviewState" END
    WHERE "userId" = ${reader.id} AND "materialSlug" = ${stored.materialSlug} AND "sectionSlug" = ${stored.sectionSlug}
      AND "rev" = ${rev} AND trim("body") <> ''
      AND NOT ("submittedAt" IS NOT NULL AND COALESCE("reviewState", '') <> 'RETURNED' AND "submittedBody" = "body")`;
  const row = await findOwn(reader.id, stored);
  if (!row) throw new NoteError(404, "not_found", "还没有写心得");
  if (changed === 0) {
    if (row.rev !== rev) throw new NoteError(409, "conflict", "这篇心得已在其他窗口或设备上修改过，请确认后再提交", { body: row.body, rev: row.rev });
    if (!row.body.trim()) throw new NoteError(422, "empty", "心得是空的，写好后再提交");
    throw new NoteError(409, "already_submitted", "这篇心得已经提交过了，内容没有变化，无需再次提交");
  }
  if (before?.reviewState === "RETURNED" && row.reviewState === "RESUBMITTED") {
    // Ids and length only: the text is the reader's.
    await writeAudit({ action: "reflection.resubmit", actor: reader, targetType: "reflection", targetId: row.id, ip: options.ip, detail: { chars: row.body.length } });
  }
  return toOneView(row);
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
  await db.reflection.updateMany({ where: { userId, ...stored, submittedAt: { not: null } }, data: { submittedAt: null, submittedBody: null, reviewState: null } });
  const after = await findOwn(userId, stored);
  if (!after) throw new NoteError(404, "not_found", "还没有写心得");
  return toOneView(after);
}

/** A submitted reflection as an administrator sees it: the submitted copy only, read-only. */
export type SubmittedReflection = {
  id: number;
  author: { name: string; account: string; unitName: string };
  materialTitle: string;
  sectionTitle: string | null;
  submittedAt: Date;
  submittedBody: string;
  review: ReviewView;
  /** Whether this administrator may 点评 and 退回修改 it (canReviewReflection). */
  canReview: boolean;
};

const submittedSelect = {
  id: true,
  materialSlug: true,
  sectionSlug: true,
  submittedAt: true,
  submittedBody: true,
  ...reviewSelect,
  user: { select: { id: true, role: true, name: true, account: true, unit: { select: { name: true, path: true } } } },
} as const;

function titlesOf(materialSlug: string, sectionSlug: string): { materialTitle: string; sectionTitle: string | null } {
  const material = getMaterial(materialSlug);
  const section = sectionSlug ? (material?.sections.find((s) => s.slug === sectionSlug)?.title ?? sectionSlug) : null;
  return { materialTitle: material?.title ?? materialSlug, sectionTitle: section };
}

type SubmittedRow = {
  id: number;
  materialSlug: string;
  sectionSlug: string;
  submittedAt: Date | null;
  submittedBody: string | null;
  user: { id: number; role: Actor["role"]; name: string; account: string; unit: { name: string; path: string } };
} & ReviewRow;

async function toSubmitted(actor: Actor, rows: SubmittedRow[]): Promise<SubmittedReflection[]> {
  const names = await reviewerNamesOf(rows);
  return rows.map((row) => ({
    id: row.id,
    author: { name: row.user.name, account: row.user.account, unitName: row.user.unit.name },
    ...titlesOf(row.materialSlug, row.sectionSlug),
    submittedAt: row.submittedAt ?? new Date(0),
    submittedBody: row.submittedBody ?? "",
    review: toReview(row, names),
    canReview: canReviewReflection(actor, { id: row.user.id, role: row.user.role, unitPath: row.user.unit.path }),
  }));
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
  return toSubmitted(actor, rows);
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
  return toSubmitted(actor, rows);
}

/** One submitted reflection in the administrator's scope; NotFoundError otherwise (also when private). */
export async function getSubmittedReflectionInScope(actor: Actor, id: number): Promise<SubmittedReflection> {
  const db = await getDb();
  const row = await db.reflection.findFirst({
    where: { id, submittedAt: { not: null }, user: { unit: { path: { startsWith: scopeOf(actor) } } } },
    select: submittedSelect,
  });
  if (!row) throw new NotFoundError(`reflection ${id}`);
  return (await toSubmitted(actor, [row]))[0]!;
}
