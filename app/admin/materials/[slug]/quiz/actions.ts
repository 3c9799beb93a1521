"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getAdminActionContext, toAdminFailure } from "@/lib/admin-actions";
import { slugSchema } from "@/lib/content/schema";
import { formDataToObject, validationFailure } from "@/lib/forms";
import { MaterialStoreError } from "@/lib/materials/errors";
import { readConfirmForm, readQuestionForm, readSettingsForm, questionFormValues, type QuizFormState } from "@/lib/materials/quiz-form";
import { QuizAuthoringError, confirmQuestion, createQuestion, deleteQuestion, saveQuizSettings, updateQuestion } from "@/lib/materials/quiz-store";
import { confirmFormSchema, type OneTimePasswordState } from "@/lib/schemas/admin";

/*
 * The 自测题 page's forms. Each action is a public POST endpoint: it checks the session itself
 * (getAdminActionContext), and the store checks again that the caller manages this material. The
 * material slug and question id are bound on the server page.
 */

const NOT_FOUND = "没有找到这份学习材料";
const FORM_CHANGED = "表单内容无效，请刷新页面后重试";

function validIds(slug: string, questionId?: string | null): { slug: string; questionId?: string } | null {
  const parsedSlug = slugSchema.safeParse(slug);
  const parsedId = questionId === undefined || questionId === null ? null : slugSchema.safeParse(questionId);
  if (!parsedSlug.success || (parsedId && !parsedId.success)) return null;
  return { slug: parsedSlug.data, questionId: parsedId?.success ? parsedId.data : undefined };
}

/** A refusal of the store as the form's state (Chinese, per field where it concerns one). */
function refusal(error: unknown, values?: Record<string, string>): QuizFormState {
  if (error instanceof QuizAuthoringError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors, values };
  if (error instanceof MaterialStoreError) {
    console.warn(`[admin] quiz change refused (${error.code}): ${error.englishMessage}`);
    // Another subtree's material is answered like a missing one, as the pages do.
    return { ok: false, message: error.code === "audience-outside-scope" || error.code === "not-found" ? NOT_FOUND : error.message, values };
  }
  return toAdminFailure(error, NOT_FOUND, values);
}

function done(slug: string, what: string): never {
  revalidatePath(`/admin/materials/${slug}/quiz`);
  redirect(`/admin/materials/${slug}/quiz?done=${what}`);
}

/** Saves 及格线, 每次抽题数 and 学时. */
export async function saveQuizSettingsAction(slug: string, _prev: QuizFormState, formData: FormData): Promise<QuizFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const ids = validIds(slug);
  if (!ids) return { ok: false, message: NOT_FOUND };
  const form = readSettingsForm(formData);
  if (!form) return { ok: false, message: FORM_CHANGED };
  try {
    await saveQuizSettings(context.actor, ids.slug, form);
  } catch (error) {
    return refusal(error, form);
  }
  done(ids.slug, "settings");
}

/** Adds a question (questionId null) or replaces one. */
export async function saveQuestionAction(slug: string, questionId: string | null, _prev: QuizFormState, formData: FormData): Promise<QuizFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const ids = validIds(slug, questionId);
  if (!ids) return { ok: false, message: NOT_FOUND };
  const draft = readQuestionForm(formData);
  const values = questionFormValues(formData);
  if (!draft) return { ok: false, message: FORM_CHANGED, values };
  try {
    if (ids.questionId) await updateQuestion(context.actor, ids.slug, ids.questionId, draft);
    else await createQuestion(context.actor, ids.slug, draft);
  } catch (error) {
    return refusal(error, values);
  }
  done(ids.slug, ids.questionId ? "updated" : "created");
}

/** 确认无误: the question stands, about the chosen paragraph of the current text (lifts 需复核). */
export async function confirmQuestionAction(slug: string, questionId: string, _prev: QuizFormState, formData: FormData): Promise<QuizFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const ids = validIds(slug, questionId);
  if (!ids?.questionId) return { ok: false, message: NOT_FOUND };
  const form = readConfirmForm(formData);
  if (!form) return { ok: false, message: FORM_CHANGED };
  try {
    await confirmQuestion(context.actor, ids.slug, ids.questionId, form);
  } catch (error) {
    return refusal(error, form);
  }
  done(ids.slug, "confirmed");
}

/** Deletes a question (after a ticked confirmation box). */
export async function deleteQuestionAction(slug: string, questionId: string, _prev: OneTimePasswordState, formData: FormData): Promise<OneTimePasswordState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const ids = validIds(slug, questionId);
  if (!ids?.questionId) return { ok: false, message: NOT_FOUND };
  const parsed = confirmFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  try {
    await deleteQuestion(context.actor, ids.slug, ids.questionId);
  } catch (error) {
    const { values: _values, ...state } = refusal(error);
    return state;
  }
  done(ids.slug, "deleted");
}
