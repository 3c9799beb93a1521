import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { ContentError, type Material } from "../content/loader";
import { quizFrontmatterSchema, type QuizQuestionInput } from "./schema";

export const QUIZ_FILE = "quiz.md";

export type QuestionType = QuizQuestionInput["type"];
export type QuizOption = { id: string; text: string };

/** One question of a material's bank, anchored to the current text. */
export type BankQuestion = {
  id: string;
  type: QuestionType;
  prompt: string;
  options: QuizOption[];
  /** Ids of the correct options (one for single and true-false). */
  answer: string[];
  explanation: string;
  section: string;
  /** The paragraph of the current text that holds the quote; null when it is nowhere (需复核). */
  paragraphId: string | null;
  quote: string;
  /** 需复核: the quote is no longer in the section's current text; left out of tests. */
  needsReview: boolean;
};

export type QuizBank = {
  materialSlug: string;
  /** Pass mark in whole percent (quiz.md's passMark × 100). */
  passPercent: number;
  questionsPerTest: number;
  /** 学时 credited for the material. */
  hours: number;
  questions: BankQuestion[];
};

/** The fixed options of a true/false question, in this order (never shuffled: 正确 comes first). */
export const TRUE_FALSE_OPTIONS: QuizOption[] = [
  { id: "t", text: "正确" },
  { id: "f", text: "错误" },
];

function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/**
 * Where a question's quote stands in the current text of its section: its own paragraph if the quote
 * is still there, else the paragraph that holds it now (the paragraph was edited elsewhere, so its id
 * changed), else null — the passage was rewritten and the question needs review.
 */
export function anchorQuestion(paragraphs: Array<{ id: string; text: string }>, paragraphId: string, quote: string): string | null {
  const own = paragraphs.find((p) => p.id === paragraphId);
  if (own?.text.includes(quote)) return own.id;
  return paragraphs.find((p) => p.text.includes(quote))?.id ?? null;
}

/**
 * A valid question (quiz.md's or one stored for a published material) as the bank holds it, anchored
 * to its section's current paragraphs (an empty list when the section is gone: 需复核).
 */
export function toBankQuestion(q: QuizQuestionInput, paragraphs: Array<{ id: string; text: string }>): BankQuestion {
  const paragraphId = anchorQuestion(paragraphs, q.paragraph, q.quote);
  const base = { id: q.id, type: q.type, prompt: q.prompt, explanation: q.explanation, section: q.section, quote: q.quote, paragraphId, needsReview: paragraphId === null };
  if (q.type === "true-false") return { ...base, options: TRUE_FALSE_OPTIONS, answer: [q.answer ? "t" : "f"] };
  return { ...base, options: q.options, answer: q.type === "single" ? [q.answer] : q.answer };
}

/**
 * Reads and validates `quiz.md` of a material folder; undefined when the material has none. Errors
 * name the file and the field, as the rest of content/ does: an unknown section is an error; a quote
 * not found in its section only flags the question 需复核 (a revision may do that; it must not stop a
 * deployment).
 */
export function loadQuizBank(dir: string, material: Material): QuizBank | undefined {
  const file = path.join(dir, QUIZ_FILE);
  if (!fs.existsSync(file)) return undefined;
  const display = displayPath(file);
  let data: unknown;
  try {
    data = matter(fs.readFileSync(file, "utf8")).data;
  } catch (error) {
    throw new ContentError(display, `frontmatter is not valid YAML (${(error as Error).message})`);
  }
  const result = quizFrontmatterSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue?.code === "unrecognized_keys") {
      const where = issue.path.length ? ` in "${issue.path.join(".")}"` : "";
      throw new ContentError(display, `frontmatter has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}${where}`);
    }
    const message = issue?.code === "invalid_type" && issue.input === undefined ? "is required" : issue?.message;
    throw new ContentError(display, `frontmatter field "${issue?.path.join(".") ?? ""}" ${message}`);
  }
  const quiz = result.data;
  const questions = quiz.questions.map((q, index): BankQuestion => {
    const section = material.sections.find((s) => s.slug === q.section);
    if (!section) throw new ContentError(display, `frontmatter field "questions.${index}.section" names no section of ${material.slug}`);
    return toBankQuestion(q, section.paragraphs);
  });
  return {
    materialSlug: material.slug,
    passPercent: Math.round(quiz.passMark * 100),
    questionsPerTest: quiz.questionsPerTest,
    hours: quiz.hours,
    questions,
  };
}
