import "server-only";
import { getDb } from "./db";

export type AuditAction =
  | "login.success"
  | "login.failure"
  | "login.lockout"
  | "logout"
  | "password.change"
  | "password.reset"
  | "user.create"
  | "user.update"
  | "user.disable"
  | "user.enable"
  | "unit.create"
  | "unit.update"
  | "unit.move"
  | "import.accounts"
  | "assignment.create"
  | "assignment.delete"
  | "assignment.update"
  | "reminder.send"
  | "report.export"
  | "report.hours_export"
  | "reflection.comment"
  | "reflection.return"
  | "reflection.resubmit"
  | "material.publish"
  | "material.revise"
  | "material.archive"
  | "quiz.settings.update"
  | "quiz.question.create"
  | "quiz.question.update"
  | "quiz.question.delete"
  | "quiz.question.confirm";

export type AuditDetail = Record<string, string | number | boolean | null>;

export type AuditEvent = {
  action: AuditAction;
  actor?: { id: number; account: string } | null;
  targetType?: "user" | "unit" | "import" | "assignment" | "reflection" | "material";
  targetId?: string | number;
  ip?: string;
  detail?: AuditDetail;
};

// Defence in depth: whatever a caller passes, nothing that looks like a secret is ever stored.
const SECRET_KEY = /pass|token|secret|hash|cookie/i;

function redact(detail: AuditDetail | undefined): string | null {
  if (!detail) return null;
  const safe = Object.fromEntries(Object.entries(detail).filter(([key]) => !SECRET_KEY.test(key)));
  return JSON.stringify(safe);
}

/** The audit row for an event, for a caller that writes it in the same transaction as the change it records. */
export function toAuditRow(event: AuditEvent) {
  return {
    action: event.action,
    actorId: event.actor?.id ?? null,
    actorAccount: event.actor?.account ?? null,
    targetType: event.targetType ?? null,
    targetId: event.targetId === undefined ? null : String(event.targetId),
    ip: event.ip ?? null,
    detail: redact(event.detail),
  };
}

/** Appends one entry to the audit log (the table refuses updates and deletes). */
export async function writeAudit(event: AuditEvent): Promise<void> {
  const db = await getDb();
  await db.auditLog.create({ data: toAuditRow(event) });
}
