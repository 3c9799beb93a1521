/**
 * The rules of study notes, shared by the browser and the server (no imports: this ships to the
 * section page's client bundle).
 */
export const NOTE_RULES = {
  /** Longest note body, in characters (UTF-16 code units, as a textarea counts them). */
  maxNoteChars: 10_000,
  /** Longest reflection (心得), in characters. */
  maxReflectionChars: 20_000,
  /** Longest passage a note may quote. */
  maxQuoteChars: 1_000,
  /** Characters of context kept before and after the quote, for re-anchoring after a revision. */
  contextChars: 32,
  /** Notes (and highlights) one reader may keep in one section. */
  maxNotesPerSection: 500,
  /** How long 撤销 is offered after a delete. */
  undoWindowMs: 10_000,
  /** Extra time the server still accepts an undo, for a slow network. */
  undoGraceMs: 20_000,
  /** Autosave waits this long after the last keystroke. */
  autosaveDelayMs: 800,
  /** Longest 点评 an administrator may leave on a submitted 心得. */
  maxReviewCommentChars: 1_000,
  /** Longest reason given with 退回修改. */
  maxReturnReasonChars: 500,
} as const;

/**
 * Where a 心得 stands with the reader's unit (null while private): submitted, returned for changes
 * (退回修改) by an administrator, or submitted again after that.
 */
export type ReviewState = "SUBMITTED" | "RETURNED" | "RESUBMITTED";

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  SUBMITTED: "已提交",
  RETURNED: "已退回修改",
  RESUBMITTED: "已重新提交",
};

/** The stored state as a ReviewState (null for private or unknown values). */
export function toReviewState(value: string | null): ReviewState | null {
  return value === "SUBMITTED" || value === "RETURNED" || value === "RESUBMITTED" ? value : null;
}

/** Who sees a submitted 心得, in the words of the confirmation shown before submitting. */
export const SUBMISSION_AUDIENCE = "本单位及上级单位的单位管理员和系统管理员";

/** Why a text cannot be saved, in words for the reader; null when it is within the limit. */
export function checkLength(text: string, max: number, what: "笔记" | "心得"): string | null {
  if (text.length <= max) return null;
  return `${what}最多 ${max.toLocaleString("zh-CN")} 字，现在超出 ${(text.length - max).toLocaleString("zh-CN")} 字，超出部分不会保存。请删减后继续。`;
}

/**
 * Whether a submitted reflection may still be withdrawn: until the due date of the assignment it was
 * handed in for. Assignments with due dates do not exist yet, so callers pass null today, which
 * means "no deadline": withdrawal is always possible.
 */
export function canWithdrawSubmission(submission: { submittedAt: Date | string | null }, dueAt: Date | null, now: Date = new Date()): boolean {
  if (!submission.submittedAt) return false;
  return dueAt === null || now.getTime() <= dueAt.getTime();
}
