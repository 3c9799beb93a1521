import "server-only";
import { writeAudit } from "../audit";
import { canReviewReflection, getAdminScope, type Actor } from "../auth/permissions";
import { getDb } from "../db";
import { ForbiddenError, isUniqueViolation, NotFoundError } from "../db-errors";

/*
 * 点评 and 退回修改 of submitted 心得 by administrators of the reader's unit subtree. Only the
 * submitted copy is ever involved: nothing here reads a reader's working text or notes. Each action
 * is one conditional write, so a stale page or a form sent twice changes nothing.
 */

/** A review the data layer refuses, with the message shown to the administrator. */
export class ReviewError extends Error {
  constructor(
    readonly code: "not_allowed" | "already_returned" | "resubmitted" | "duplicate",
    message: string,
  ) {
    super(message);
    this.name = "ReviewError";
  }
}

/** The acting administrator: who, and the account shown in the audit log. */
export type ReviewActor = Actor & { account: string };

type Target = { id: number; userId: number; submittedAt: Date; reviewState: string | null };

/**
 * The submitted reflection the administrator may review, checked against the submission time the
 * page showed. NotFoundError when it is outside their scope, private or missing (one answer for all).
 */
async function getReviewTarget(actor: Actor, id: number, seenSubmittedAt: Date): Promise<Target> {
  const scope = getAdminScope(actor);
  if (scope === null) throw new ForbiddenError("readers cannot review reflections");
  const db = await getDb();
  const row = await db.reflection.findFirst({
    where: { id, submittedAt: { not: null }, user: { unit: { path: { startsWith: scope } } } },
    select: { id: true, userId: true, submittedAt: true, reviewState: true, user: { select: { id: true, role: true, unit: { select: { path: true } } } } },
  });
  if (!row?.submittedAt) throw new NotFoundError(`reflection ${id}`);
  if (!canReviewReflection(actor, { id: row.user.id, role: row.user.role, unitPath: row.user.unit.path })) {
    throw new ReviewError("not_allowed", "您不能点评或退回这篇心得：只有对作者账号有管理权限的管理员可以（不能评自己或同级管理员的心得）");
  }
  if (row.submittedAt.getTime() !== seenSubmittedAt.getTime()) throw staleSubmission();
  return { id: row.id, userId: row.userId, submittedAt: row.submittedAt, reviewState: row.reviewState };
}

function staleSubmission(): ReviewError {
  return new ReviewError("resubmitted", "学员已重新提交或撤回了这篇心得，请刷新页面查看最新内容后再操作");
}

/** Leaves a 点评 on a submitted 心得; the reader sees it. A form sent twice (same requestId) stores one. */
export async function commentOnReflection(
  actor: ReviewActor,
  input: { id: number; seenSubmittedAt: Date; body: string; requestId: string; ip?: string },
  now = new Date(),
): Promise<void> {
  const target = await getReviewTarget(actor, input.id, input.seenSubmittedAt);
  const db = await getDb();
  try {
    await db.reflectionComment.create({ data: { reflectionId: target.id, authorId: actor.id, body: input.body, requestId: input.requestId, createdAt: now } });
  } catch (error) {
    if (isUniqueViolation(error, "requestId")) throw new ReviewError("duplicate", "这条点评已经发表过了，没有重复保存");
    throw error;
  }
  // Ids and lengths only: the comment is for the reader, not for the log.
  await writeAudit({ action: "reflection.comment", actor, targetType: "reflection", targetId: target.id, ip: input.ip, detail: { readerId: target.userId, chars: input.body.length } });
}

/**
 * Returns a submitted 心得 to its reader for changes (退回修改) with a reason. Refused when it is
 * already returned, or when the reader resubmitted or withdrew since the page was shown.
 */
export async function returnReflection(actor: ReviewActor, input: { id: number; seenSubmittedAt: Date; reason: string; ip?: string }, now = new Date()): Promise<void> {
  const target = await getReviewTarget(actor, input.id, input.seenSubmittedAt);
  if (target.reviewState === "RETURNED") throw alreadyReturned();
  const db = await getDb();
  // Raw, because submittedAt is written as ISO text by submitMyReflection (lib/notes/reflections.ts) and
  // must be compared in that same form on SQLite.
  const changed = await db.$executeRaw`
    UPDATE "Reflection" SET "reviewState" = 'RETURNED', "returnReason" = ${input.reason}, "returnedAt" = ${now.toISOString()}, "returnedById" = ${actor.id}
    WHERE "id" = ${target.id} AND "submittedAt" = ${input.seenSubmittedAt.toISOString()} AND "reviewState" IN ('SUBMITTED', 'RESUBMITTED')`;
  if (changed === 0) {
    // Lost a race: another administrator returned it, or the reader acted, in the meantime.
    const current = await db.reflection.findUnique({ where: { id: target.id }, select: { reviewState: true, submittedAt: true } });
    throw current?.reviewState === "RETURNED" && current.submittedAt?.getTime() === input.seenSubmittedAt.getTime() ? alreadyReturned() : staleSubmission();
  }
  await writeAudit({ action: "reflection.return", actor, targetType: "reflection", targetId: target.id, ip: input.ip, detail: { readerId: target.userId, chars: input.reason.length } });
}

function alreadyReturned(): ReviewError {
  return new ReviewError("already_returned", "这篇心得已经退回，正在等学员修改后重新提交");
}

/** A 点评 as shown to the reader and to administrators. */
export type ReviewComment = { id: number; author: string; body: string; createdAt: string };

type CommentRow = { id: number; authorId: number; body: string; createdAt: Date };

/** Display names of the administrators who commented or returned (one query; a deleted account reads 管理员). */
export async function getReviewerNames(ids: Iterable<number>): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const db = await getDb();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** Comment rows as views, with their authors' names. */
export function toReviewComments(rows: CommentRow[], names: Map<number, string>): ReviewComment[] {
  return rows.map((c) => ({ id: c.id, author: names.get(c.authorId) ?? "管理员", body: c.body, createdAt: c.createdAt.toISOString() }));
}

/** What the comments relation selects, oldest first (ids grow with time). */
export const commentsSelect = { select: { id: true, authorId: true, body: true, createdAt: true }, orderBy: { id: "asc" } } as const;
