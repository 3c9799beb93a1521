import { z } from "zod";
import type { QuestionDraft } from "@/lib/quiz/authoring";

/*
 * The quiz editor's form fields (app/admin/materials/[slug]/quiz/), read from FormData into the
 * draft lib/quiz/authoring.ts checks. The caps here only bound what is read; the real rules, with
 * their Chinese messages, are quiz.md's (lib/quiz/schema.ts).
 */

/** Option slots of the editor: a question has at most as many options as quiz.md allows (8). */
export const OPTION_IDS = ["a", "b", "c", "d", "e", "f", "g", "h"] as const;

const text = (max: number) => z.string().max(max, "填写的内容过长");

const questionFormSchema = z.strictObject({
  type: text(20),
  prompt: text(5000),
  explanation: text(5000),
  paragraph: text(200),
  quote: text(2000),
  truth: text(10).optional(),
  ...Object.fromEntries(OPTION_IDS.map((id) => [`option-${id}`, text(2000).optional()])),
});

const settingsFormSchema = z.strictObject({ passPercent: text(20), questionsPerTest: text(20), hours: text(20) });
const confirmFormSchema = z.strictObject({ paragraph: text(200), quote: text(2000) });

function fields(formData: FormData, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION") || skip.includes(key)) continue;
    if (typeof value === "string") out[key] = value;
  }
  return out;
}

/** The submitted question as a draft (blank option slots dropped), or null for a form that is not the editor's. */
export function readQuestionForm(formData: FormData): QuestionDraft | null {
  const parsed = questionFormSchema.safeParse(fields(formData, ["correct"]));
  if (!parsed.success) return null;
  const data = parsed.data as Record<string, string | undefined>;
  const options = OPTION_IDS.flatMap((id) => {
    const value = data[`option-${id}`]?.trim();
    return value ? [{ id, text: value }] : [];
  });
  const correct = formData.getAll("correct").filter((v): v is string => typeof v === "string" && (OPTION_IDS as readonly string[]).includes(v));
  return {
    type: parsed.data.type, prompt: parsed.data.prompt, explanation: parsed.data.explanation, paragraph: parsed.data.paragraph,
    quote: parsed.data.quote, truth: parsed.data.truth, options, correct: [...new Set(correct)],
  };
}

/** What to put back into the editor after a refusal, so nothing typed is lost. */
export function questionFormValues(formData: FormData): Record<string, string> {
  const values = fields(formData, ["correct"]);
  values.correct = formData.getAll("correct").filter((v) => typeof v === "string").join(",");
  return values;
}

/** The settings form's three fields, or null. */
export function readSettingsForm(formData: FormData) {
  const parsed = settingsFormSchema.safeParse(fields(formData));
  return parsed.success ? parsed.data : null;
}

/** The 确认无误 form's paragraph and quote, or null. */
export function readConfirmForm(formData: FormData) {
  const parsed = confirmFormSchema.safeParse(fields(formData));
  return parsed.success ? parsed.data : null;
}

/** What the quiz forms' server actions answer: the usual state, plus the values to put back. */
export type QuizFormState = { ok: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined>; values?: Record<string, string> };
