import { z } from "zod";
import type { Answers } from "./grading";

/** Answer fields are named `q:<question id>`; a checkbox question sends one value per option ticked. */
export const ANSWER_FIELD_PREFIX = "q:";

const MAX_QUESTIONS = 50;
const MAX_CHOSEN = 8;

const submissionSchema = z.strictObject({
  material: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100),
  attemptId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, "这次测试的编号无效，请重新开始测试"),
  answers: z
    .record(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100), z.array(z.string().max(10)).max(MAX_CHOSEN))
    .refine((answers) => Object.keys(answers).length <= MAX_QUESTIONS, "提交的题目太多"),
});

export type Submission = { material: string; attemptId: string; answers: Answers };

/** Reads a submitted test form: the attempt and, per question, the option ids chosen. */
export function parseSubmission(formData: FormData): { ok: true; data: Submission } | { ok: false; message: string } {
  const answers: Record<string, string[]> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION") || typeof value !== "string") continue;
    if (key.startsWith(ANSWER_FIELD_PREFIX)) (answers[key.slice(ANSWER_FIELD_PREFIX.length)] ??= []).push(value);
    else rest[key] = value;
  }
  const parsed = submissionSchema.safeParse({ ...rest, answers });
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const message = issue?.path[0] === "attemptId" ? issue.message : "提交的答卷格式不正确，请刷新页面后重新作答";
  return { ok: false, message };
}
