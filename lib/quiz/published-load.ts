import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { DEFAULT_QUIZ_SETTINGS, toQuestionInput, type PublishedQuiz } from "./published";

/**
 * Every published material's stored quiz (settings and valid questions), read with the published
 * materials each time the shared version counter moves (lib/content/published.ts): two queries.
 */
export async function loadPublishedQuizzes(db: PrismaClient): Promise<ReadonlyMap<string, PublishedQuiz>> {
  const [settings, rows] = await Promise.all([
    db.publishedQuiz.findMany({ select: { materialSlug: true, passPercent: true, questionsPerTest: true, hours: true } }),
    db.publishedQuestion.findMany({
      orderBy: [{ materialSlug: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      select: { materialSlug: true, id: true, type: true, prompt: true, options: true, answer: true, explanation: true, sectionSlug: true, paragraphId: true, quote: true },
    }),
  ]);
  const quizzes = new Map<string, PublishedQuiz>();
  const quizOf = (slug: string) => {
    let quiz = quizzes.get(slug);
    if (!quiz) quizzes.set(slug, (quiz = { settings: DEFAULT_QUIZ_SETTINGS, questions: [] }));
    return quiz;
  };
  for (const { materialSlug, ...row } of settings) quizOf(materialSlug).settings = row;
  for (const { materialSlug, ...row } of rows) {
    const question = toQuestionInput(materialSlug, row);
    if (question) quizOf(materialSlug).questions.push(question);
  }
  return quizzes;
}
