import "server-only";
import path from "node:path";
import { getMaterial, getSection, type Material } from "../content";
import { getPublishedQuizzes } from "../content/published";
import { getEnv } from "../env";
import { sectionHref } from "../routes";
import { anchorQuestion, loadQuizBank, type QuizBank } from "./bank";
import { buildPublishedBank, type PublishedQuiz } from "./published";

export type { BankQuestion, QuizBank } from "./bank";

// Like the rest of content/, quiz.md is part of the deployment: read and validated once per process
// (and before every build by scripts/check-content.ts).
const banks = new Map<string, QuizBank | null>();
// Published materials' banks come from the database with the materials (lib/content/published.ts):
// built once per loaded snapshot, so an edit on any instance is seen when the version counter moves.
const publishedBanks = new WeakMap<ReadonlyMap<string, PublishedQuiz>, Map<string, QuizBank | null>>();

function getPublishedBank(material: Material): QuizBank | undefined {
  const quizzes = getPublishedQuizzes();
  let built = publishedBanks.get(quizzes);
  if (!built) publishedBanks.set(quizzes, (built = new Map()));
  if (!built.has(material.slug)) built.set(material.slug, buildPublishedBank(material, quizzes.get(material.slug)) ?? null);
  return built.get(material.slug) ?? undefined;
}

/** The self-test bank of a material (content/ or published), or undefined when it has none (or is unknown). */
export function getQuizBank(materialSlug: string): QuizBank | undefined {
  const material = getMaterial(materialSlug);
  if (!material) return undefined;
  if (material.source === "published") return getPublishedBank(material);
  if (!banks.has(materialSlug)) {
    const dir = path.resolve(/* turbopackIgnore: true */ process.cwd(), getEnv().CONTENT_DIR, materialSlug);
    banks.set(materialSlug, loadQuizBank(dir, material) ?? null);
  }
  return banks.get(materialSlug) ?? undefined;
}

/** Whether a material has a test a reader could take (some question not flagged 需复核). */
export function hasQuiz(materialSlug: string): boolean {
  return getQuizBank(materialSlug)?.questions.some((q) => !q.needsReview) ?? false;
}

/**
 * What a material's pages depend on besides the reader: its revision, and whether it has a test (the
 * overview's 学完后参加自测 link). Published pages are kept per this value (lib/server/published-pages.ts),
 * so adding a published material's first question (or deleting its last) is seen without a revision.
 */
export function getMaterialPageVersion(material: Pick<Material, "slug" | "revision">): string {
  return `${material.revision}${hasQuiz(material.slug) ? "-test" : ""}`;
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
