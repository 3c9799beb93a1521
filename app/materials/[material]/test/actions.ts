"use server";

import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { describeErrorForLog } from "@/lib/db-errors";
import type { ActionState } from "@/lib/forms";
import { openTest, submitTest } from "@/lib/quiz/attempts";
import { QuizError } from "@/lib/quiz/errors";
import { parseSubmission } from "@/lib/quiz/form";
import { testHref } from "@/lib/routes";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

async function requireSignedIn() {
  const user = await getCurrentUser();
  if (!user || user.mustChangePassword) redirect("/login");
  return user;
}

/** Opens a test of the material (or returns to the one still open). */
export async function startTestAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireSignedIn();
  const material = formData.get("material");
  if (typeof material !== "string" || !SLUG.test(material)) return { ok: false, message: "找不到这份学习材料" };
  try {
    await openTest(user, material);
  } catch (error) {
    if (error instanceof QuizError) return { ok: false, message: error.message };
    console.error(`[quiz] opening a test of ${material} failed: ${describeErrorForLog(error)}`);
    throw error;
  }
  redirect(testHref(material));
}

/** Grades the reader's answers and shows the result. */
export async function submitTestAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireSignedIn();
  const parsed = parseSubmission(formData);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const { material, attemptId, answers } = parsed.data;
  let graded: string;
  try {
    graded = (await submitTest(user, attemptId, answers)).materialSlug;
  } catch (error) {
    if (error instanceof QuizError) return { ok: false, message: error.message };
    console.error(`[quiz] grading attempt of ${material} failed: ${describeErrorForLog(error)}`);
    throw error;
  }
  redirect(testHref(graded, attemptId));
}
