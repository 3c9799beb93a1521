import "server-only";
import path from "node:path";
import { getMaterial, getSection } from "../content";
import { getEnv } from "../env";
import { sectionHref } from "../routes";
import { anchorQuestion, loadQuizBank, type QuizBank } from "./bank";

export type { BankQuestion, QuizBank } from "./bank";

// Like the rest of content/, quiz.md is part of the deployment: read and validated once per process
// (and before every build by scripts/check-content.ts).
const banks = new Map<string, QuizBank | null>();

/** The self-test bank of a content/ material, or undefined when it has none (or is unknown). */
export function getQuizBank(materialSlug: string): QuizBank | undefined {
  if (!banks.has(materialSlug)) {
    const material = getMaterial(materialSlug);
    const dir = path.resolve(/* turbopackIgnore: true */ process.cwd(), getEnv().CONTENT_DIR, materialSlug);
    banks.set(materialSlug, material ? (loadQuizBank(dir, material) ?? null) : null);
  }
  return banks.get(materialSlug) ?? undefined;
}

/** Whether a material has a test a reader could take (some question not flagged 需复核). */
export function hasQuiz(materialSlug: string): boolean {
  return getQuizBank(materialSlug)?.questions.some((q) => !q.needsReview) ?? false;
}

/**
 * Where 回看原文 leads for a question: its paragraph in the section's current text (found again by
 * its quote if the text was revised since the test was drawn), else the section itself.
 */
export function getQuestionHref(materialSlug: string, question: { section: string; paragraphId: string; quote: string }): string {
  const section = getSection(materialSlug, question.section)?.section;
  const paragraphId = section ? anchorQuestion(section.paragraphs, question.paragraphId, question.quote) : null;
  return sectionHref(materialSlug, question.section, paragraphId ?? undefined);
}
