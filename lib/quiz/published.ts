import matter from "gray-matter";
import type { Material } from "../content/loader";
import { toBankQuestion, type QuizBank } from "./bank";
import { quizFrontmatterSchema, quizQuestionSchema, type QuizFrontmatter, type QuizQuestionInput } from "./schema";

/*
 * Question banks of materials published from the browser: stored in PublishedQuiz and
 * PublishedQuestion (lib/materials/quiz-store.ts writes them), loaded with the published materials
 * (lib/content/published.ts) whenever the shared version counter moves, and turned into the same
 * QuizBank as a content/ quiz.md, anchored to the material's current revision. Pure: no database.
 */

/** A PublishedQuestion row as read from the database. */
export type StoredQuestionRow = {
  id: string;
  type: string;
  prompt: string;
  options: string;
  answer: string;
  explanation: string;
  sectionSlug: string;
  paragraphId: string;
  quote: string;
};

export type QuizSettings = { passPercent: number; questionsPerTest: number; hours: number };

/** The settings of a material with no PublishedQuiz row: quiz.md's defaults (5 questions per test). */
export const DEFAULT_QUIZ_SETTINGS: QuizSettings = {
  passPercent: Math.round(quizFrontmatterSchema.shape.passMark.parse(undefined) * 100),
  questionsPerTest: 5,
  hours: quizFrontmatterSchema.shape.hours.parse(undefined),
};

/** A published material's stored quiz: its settings and its valid questions, in the order authored. */
export type PublishedQuiz = { settings: QuizSettings; questions: QuizQuestionInput[] };

/** A stored row as quiz.md's question, checked by the same schema; null (and logged) if it no longer passes. */
export function toQuestionInput(materialSlug: string, row: StoredQuestionRow): QuizQuestionInput | null {
  let options: unknown;
  let answer: unknown;
  try {
    options = JSON.parse(row.options);
    answer = JSON.parse(row.answer);
  } catch (error) {
    console.error(`[quiz] stored question ${materialSlug}/${row.id} has unreadable JSON: ${(error as Error).message}`);
    return null;
  }
  const input = {
    id: row.id, type: row.type, prompt: row.prompt, explanation: row.explanation,
    section: row.sectionSlug, paragraph: row.paragraphId, quote: row.quote, answer,
    ...(row.type === "true-false" ? {} : { options }),
  };
  const parsed = quizQuestionSchema.safeParse(input);
  if (!parsed.success) {
    console.error(`[quiz] stored question ${materialSlug}/${row.id} is left out: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
    return null;
  }
  return parsed.data;
}

/** A question as the columns of its PublishedQuestion row. */
export function toStoredColumns(q: QuizQuestionInput) {
  return {
    type: q.type, prompt: q.prompt, explanation: q.explanation, sectionSlug: q.section, paragraphId: q.paragraph, quote: q.quote,
    options: JSON.stringify(q.type === "true-false" ? [] : q.options),
    answer: JSON.stringify(q.answer),
  };
}

/**
 * The bank of a published material: its questions anchored to the material's current sections (a
 * question whose section is gone, or whose quote is nowhere in it, is 需复核); undefined while it has
 * no question, as for a content/ material without quiz.md.
 */
export function buildPublishedBank(material: Material, quiz: PublishedQuiz | undefined): QuizBank | undefined {
  if (!quiz || quiz.questions.length === 0) return undefined;
  return {
    materialSlug: material.slug,
    passPercent: quiz.settings.passPercent,
    questionsPerTest: quiz.settings.questionsPerTest,
    hours: quiz.settings.hours,
    questions: quiz.questions.map((q) => toBankQuestion(q, material.sections.find((s) => s.slug === q.section)?.paragraphs ?? [])),
  };
}

/**
 * The quiz.md of a published material's content/ folder, in the format lib/quiz/bank.ts reads; null
 * without questions. Questions whose section the current text no longer has are left out (quiz.md
 * may not name a missing section); questionsPerTest is capped at the number of questions, as quiz.md requires.
 */
export function renderQuizFile(material: { slug: string; sections: Array<{ slug: string }> }, quiz: PublishedQuiz | undefined): string | null {
  const sections = new Set(material.sections.map((s) => s.slug));
  const questions = (quiz?.questions ?? []).filter((q) => sections.has(q.section));
  if (!quiz || questions.length === 0) return null;
  const data: QuizFrontmatter = {
    passMark: quiz.settings.passPercent / 100,
    questionsPerTest: Math.min(quiz.settings.questionsPerTest, questions.length),
    hours: quiz.settings.hours,
    questions,
  };
  const body = `\n本文件由学习园地「自测题」页面导出（${material.slug}）。题目写在上方的 frontmatter 中，格式见 docs/self-tests.md。\n`;
  return matter.stringify(body, quizFrontmatterSchema.parse(data));
}
