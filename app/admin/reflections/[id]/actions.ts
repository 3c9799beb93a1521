"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getAdminActionContext, toAdminFailure } from "@/lib/admin-actions";
import { formDataToObject, validationFailure } from "@/lib/forms";
import { commentOnReflection, returnReflection, ReviewError } from "@/lib/notes/review";
import { boundIdSchema, type AdminFormState } from "@/lib/schemas/admin";
import { returnReflectionFormSchema, reviewCommentFormSchema, seenSubmissionSchema } from "@/lib/schemas/notes";

const REFLECTION_NOT_FOUND = "找不到这篇心得：可能已被学员撤回，或不在您管理的范围内。请刷新页面后重试";

/** The bound id and submission time, checked like any input (a server action is a public endpoint). */
function parseBound(reflectionId: unknown, seenSubmittedAt: unknown): { id: number; seen: Date } | null {
  const id = boundIdSchema.safeParse(reflectionId);
  const seen = seenSubmissionSchema.safeParse(seenSubmittedAt);
  return id.success && seen.success ? { id: id.data, seen: new Date(seen.data) } : null;
}

/** What was typed, given back to the form after a refusal so that nothing is lost. */
function keep(formData: FormData, name: string): Record<string, string> {
  const value = formData.get(name);
  return typeof value === "string" ? { [name]: value.slice(0, 5_000) } : {};
}

function toFailure(error: unknown, values: Record<string, string>): AdminFormState {
  if (error instanceof ReviewError) return { ok: false, message: error.message, values: error.code === "duplicate" ? {} : values };
  return toAdminFailure(error, REFLECTION_NOT_FOUND, values);
}

/** Leaves a 点评 on a submitted 心得 (bound: its id and the submission time the page showed). */
export async function commentReflectionAction(reflectionId: number, seenSubmittedAt: string, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const bound = parseBound(reflectionId, seenSubmittedAt);
  if (!bound) return { ok: false, message: REFLECTION_NOT_FOUND };
  const values = keep(formData, "body");
  const parsed = reviewCommentFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  try {
    await commentOnReflection(context.actor, { id: bound.id, seenSubmittedAt: bound.seen, ...parsed.data, ip: context.ip });
  } catch (error) {
    return toFailure(error, values);
  }
  revalidatePath(`/admin/reflections/${bound.id}`);
  redirect(`/admin/reflections/${bound.id}?done=commented`);
}

/** Returns a submitted 心得 to its reader for changes, with a reason the reader sees (退回修改). */
export async function returnReflectionAction(reflectionId: number, seenSubmittedAt: string, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const bound = parseBound(reflectionId, seenSubmittedAt);
  if (!bound) return { ok: false, message: REFLECTION_NOT_FOUND };
  const values = keep(formData, "reason");
  const parsed = returnReflectionFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  try {
    await returnReflection(context.actor, { id: bound.id, seenSubmittedAt: bound.seen, reason: parsed.data.reason, ip: context.ip });
  } catch (error) {
    return toFailure(error, values);
  }
  revalidatePath("/admin/reflections");
  redirect(`/admin/reflections/${bound.id}?done=returned`);
}
