"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getAdminActionContext, pickFormValues, toAdminFailure } from "@/lib/admin-actions";
import { createAssignment, deleteAssignment, sendReminders, updateAssignmentAttemptLimit, updateAssignmentRequirePass } from "@/lib/assignments";
import { formDataToObject, validationFailure } from "@/lib/forms";
import { boundIdSchema, confirmFormSchema, type AdminFormState } from "@/lib/schemas/admin";
import { assignmentFormSchema, attemptLimitFormSchema, reminderConfirmSchema, requirePassFormSchema } from "@/lib/schemas/reports";

const ASSIGNMENT_FIELDS = ["materialSlug", "unitId", "startDate", "dueDate", "maxAttempts", "requirePass"] as const;
const ASSIGNMENT_NOT_FOUND = "找不到该学习任务，可能已被撤销，请刷新页面后重试";

/** Assigns a material to a unit the administrator administers (and so to its whole subtree). */
export async function createAssignmentAction(_prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const values = pickFormValues(formData, ASSIGNMENT_FIELDS);
  const parsed = assignmentFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  try {
    await createAssignment(context.actor, parsed.data, context.ip);
  } catch (error) {
    return toAdminFailure(error, ASSIGNMENT_NOT_FOUND, values);
  }
  revalidatePath("/admin", "layout");
  redirect("/admin/assignments?done=created");
}

/** Changes an assignment's 测试次数上限. The id is bound on the server page. */
export async function updateAttemptLimitAction(assignmentId: number, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const id = boundIdSchema.safeParse(assignmentId);
  if (!id.success) return { ok: false, message: ASSIGNMENT_NOT_FOUND };
  const values = pickFormValues(formData, ["maxAttempts"]);
  const parsed = attemptLimitFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  try {
    await updateAssignmentAttemptLimit(context.actor, id.data, parsed.data.maxAttempts, context.ip);
  } catch (error) {
    return toAdminFailure(error, ASSIGNMENT_NOT_FOUND, values);
  }
  revalidatePath("/admin", "layout");
  redirect("/admin/assignments?done=limit");
}

/** Sets or clears an assignment's 需通过测试. The id is bound on the server page. */
export async function updateRequirePassAction(assignmentId: number, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const id = boundIdSchema.safeParse(assignmentId);
  if (!id.success) return { ok: false, message: ASSIGNMENT_NOT_FOUND };
  const parsed = requirePassFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  try {
    await updateAssignmentRequirePass(context.actor, id.data, parsed.data.requirePass, context.ip);
  } catch (error) {
    return toAdminFailure(error, ASSIGNMENT_NOT_FOUND);
  }
  revalidatePath("/admin", "layout");
  redirect(`/admin/assignments?done=${parsed.data.requirePass ? "require-pass" : "read-only"}`);
}

/** Withdraws an assignment (a ticked confirmation box is required). The id is bound on the server page. */
export async function deleteAssignmentAction(assignmentId: number, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const id = boundIdSchema.safeParse(assignmentId);
  if (!id.success) return { ok: false, message: ASSIGNMENT_NOT_FOUND };
  const parsed = confirmFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  try {
    await deleteAssignment(context.actor, id.data, context.ip);
  } catch (error) {
    return toAdminFailure(error, ASSIGNMENT_NOT_FOUND);
  }
  revalidatePath("/admin", "layout");
  redirect("/admin/assignments?done=deleted");
}

/**
 * Sends today's reminder to the readers of an assignment who have not finished (once a day each),
 * after the administrator confirmed the list. Permission and recipients are checked again here: the
 * list may have changed since the confirmation page was drawn, and the answer says so.
 */
export async function sendRemindersAction(assignmentId: number, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const id = boundIdSchema.safeParse(assignmentId);
  if (!id.success) return { ok: false, message: ASSIGNMENT_NOT_FOUND };
  const parsed = reminderConfirmSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  const { confirmed, unit } = parsed.data;
  try {
    const { sent, alreadyReminded } = await sendReminders(context.actor, id.data, context.ip, new Date(), { unitId: unit, confirmed });
    revalidatePath("/admin/assignments", "layout");
    return { ok: true, message: describeReminderOutcome({ confirmed, sent, alreadyReminded }) };
  } catch (error) {
    return toAdminFailure(error, ASSIGNMENT_NOT_FOUND);
  }
}

function describeReminderOutcome({ confirmed, sent, alreadyReminded }: { confirmed: number; sent: number; alreadyReminded: number }): string {
  const skipped = alreadyReminded > 0 ? `；${alreadyReminded} 人今天已提醒过，未重复发送` : "";
  const result = sent + alreadyReminded === 0 ? "没有需要提醒的人：范围内的学员都已完成" : `已向 ${sent} 人发送提醒${skipped}`;
  const changed = sent === confirmed ? "" : `名单在您确认后有变化（确认时 ${confirmed} 人，实际发送 ${sent} 人）：期间可能有学员完成学习、调动单位或已被其他管理员提醒。`;
  return `${changed}${result}。`;
}
