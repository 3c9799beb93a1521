import { randomInt } from "node:crypto";
import type { BankQuestion, QuestionType, QuizBank, QuizOption } from "./bank";

/** A question as drawn for one attempt: options in the order shown. Stored server-side only. */
export type TestQuestion = Omit<BankQuestion, "needsReview" | "paragraphId"> & { paragraphId: string };

/** What the browser gets before submission: no answer key, no explanation, no paragraph. */
export type PublicQuestion = { id: string; type: QuestionType; prompt: string; options: QuizOption[] };

/** Submitted answers: question id → option ids chosen. */
export type Answers = Record<string, string[]>;

export type GradedQuestion = TestQuestion & { chosen: string[]; correct: boolean };

export type Grade = { correct: number; total: number; passed: boolean; questions: GradedQuestion[] };

/** Fisher–Yates with a cryptographic source: the order must not be predictable from earlier tests. */
export function shuffle<T>(items: readonly T[], random: (max: number) => number = randomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Draws one test from a bank: up to questionsPerTest of the questions not flagged 需复核, in random
 * order, each with its options shuffled (true/false keeps 正确 before 错误).
 */
export function drawTest(bank: QuizBank, random?: (max: number) => number): TestQuestion[] {
  const usable = bank.questions.filter((q): q is BankQuestion & { paragraphId: string } => !q.needsReview && q.paragraphId !== null);
  return shuffle(usable, random)
    .slice(0, bank.questionsPerTest)
    .map(({ needsReview: _flag, ...q }) => ({ ...q, options: q.type === "true-false" ? q.options : shuffle(q.options, random) }));
}

/** The part of a drawn question the test page may show before submission. */
export function toPublicQuestion(question: TestQuestion): PublicQuestion {
  return { id: question.id, type: question.type, prompt: question.prompt, options: question.options };
}

/** A submission the server refuses before grading; `message` is shown to the reader. */
export type AnswerProblem = { code: "unknown_question" | "unknown_option" | "unanswered" | "too_many"; message: string };

/**
 * Checks a submission against the questions of its attempt: every answer names a question of this
 * attempt and options of that question; single and true/false take exactly one option; every question
 * is answered. Returns the first problem, or null.
 */
export function checkAnswers(questions: TestQuestion[], answers: Answers): AnswerProblem | null {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [questionId, chosen] of Object.entries(answers)) {
    const question = byId.get(questionId);
    if (!question) return { code: "unknown_question", message: "提交的答案中有不属于这次测试的题目，请刷新页面后重新作答" };
    const ids = new Set(question.options.map((o) => o.id));
    if (chosen.some((id) => !ids.has(id))) return { code: "unknown_option", message: "提交的答案中有不属于该题的选项，请刷新页面后重新作答" };
    if (question.type !== "multiple" && chosen.length > 1) return { code: "too_many", message: "单选题和判断题只能选择一个答案" };
  }
  const unanswered = questions.flatMap((q, index) => ((answers[q.id]?.length ?? 0) === 0 ? [index + 1] : []));
  if (unanswered.length > 0) return { code: "unanswered", message: `第 ${unanswered.join("、")} 题还没有作答，请作答后再交卷` };
  return null;
}

/** Grades checked answers: a question is correct when exactly its correct options were chosen. */
export function gradeAnswers(questions: TestQuestion[], answers: Answers, passPercent: number): Grade {
  const graded = questions.map((q) => {
    const chosen = [...new Set(answers[q.id] ?? [])];
    const key = new Set(q.answer);
    const correct = chosen.length === key.size && chosen.every((id) => key.has(id));
    return { ...q, chosen, correct };
  });
  const correct = graded.filter((q) => q.correct).length;
  const total = graded.length;
  return { correct, total, passed: correct * 100 >= passPercent * total, questions: graded };
}
