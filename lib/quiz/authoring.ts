import type { z } from "zod";
import { quizFrontmatterSchema, quizQuestionSchema, quoteSchema, type QuizQuestionInput } from "./schema";
import type { QuizSettings } from "./published";

/*
 * The browser editor's checks of a question and of the quiz settings. Validity is quiz.md's: the
 * draft is turned into a quiz.md question and parsed by lib/quiz/schema.ts; its (English) issues are
 * then said in Chinese per form field, with the limits the schema reports. Only what the form adds
 * is checked here: which paragraph, that the quote is in it, and how many answers were ticked.
 */

export type FieldErrors = Record<string, string[]>;
export type Checked<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

/** A question as submitted by the editor form (blank option slots already dropped). */
export type QuestionDraft = {
  type: string;
  prompt: string;
  explanation: string;
  options: Array<{ id: string; text: string }>;
  /** Ids of the options ticked as correct (single, multiple). */
  correct: string[];
  /** "true" or "false" (true-false). */
  truth?: string;
  /** "<section slug>#<paragraph id>" from the paragraph select. */
  paragraph: string;
  /** Typed by the author; empty for the paragraph's first sentence. */
  quote: string;
};

export type ParagraphChoice = { id: string; text: string };
export type SectionChoice = { slug: string; title: string; paragraphs: ParagraphChoice[] };

export const QUESTION_TYPE_LABELS = { single: "单选题", multiple: "多选题", "true-false": "判断题" } as const;

const QUOTE_MIN = quoteSchema.minLength ?? 1;
const QUOTE_MAX = quoteSchema.maxLength ?? Number.POSITIVE_INFINITY;

/** The default quote of a paragraph: its first sentence, lengthened or cut to the quote's limits. */
export function firstSentence(text: string): string {
  const sentence = /^[^。！？!?]*[。！？!?]*[”’」』）)]*/u.exec(text)?.[0] ?? "";
  const chosen = sentence.length >= QUOTE_MIN ? sentence : text;
  return chosen.slice(0, QUOTE_MAX);
}

/** The section and paragraph a select value names, in the current text; null if it is not there. */
export function findParagraph(sections: SectionChoice[], value: string): { section: SectionChoice; paragraph: ParagraphChoice } | null {
  const [slug, id] = value.split("#");
  const section = sections.find((s) => s.slug === slug);
  const paragraph = section?.paragraphs.find((p) => p.id === id);
  return section && paragraph ? { section, paragraph } : null;
}

type Issue = z.core.$ZodIssue;

function limit(issue: Issue): string {
  if (issue.code === "too_small") return String(issue.minimum);
  if (issue.code === "too_big") return String(issue.maximum);
  return "";
}

/** One zod issue of a question as [form field, Chinese message]. */
function describeQuestionIssue(issue: Issue, type: string): [string, string] {
  const [field, index, sub] = issue.path;
  const small = issue.code === "too_small";
  const big = issue.code === "too_big";
  switch (field) {
    case "prompt":
      return ["prompt", small ? "请填写题干" : big ? `题干不能超过 ${limit(issue)} 个字` : "题干无效"];
    case "explanation":
      return ["explanation", small ? "请填写答案解析" : big ? `答案解析不能超过 ${limit(issue)} 个字` : "答案解析无效"];
    case "quote":
      return ["quote", small ? `引文至少要有 ${limit(issue)} 个字` : big ? `引文不能超过 ${limit(issue)} 个字` : "引文无效"];
    case "options":
      if (index !== undefined && sub === "text") return ["options", big ? `第 ${Number(index) + 1} 个选项不能超过 ${limit(issue)} 个字` : `第 ${Number(index) + 1} 个选项不能为空`];
      if (small) return ["options", `${type === "multiple" ? "多选题" : "单选题"}至少要有 ${limit(issue)} 个选项`];
      if (big) return ["options", `最多只能有 ${limit(issue)} 个选项`];
      return ["options", "选项编号不能重复，请刷新页面后重试"];
    case "answer":
      if (type === "multiple" && small) return ["answer", "多选题请至少勾选一个正确答案"];
      return ["answer", "正确答案必须是已填写的选项"];
    case "id":
      return ["form", "题目编号无效，请刷新页面后重试"];
    default:
      return ["paragraph", "请选择这道题依据的段落"];
  }
}

function collect(pairs: Array<[string, string]>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, message] of pairs) if (!(errors[field] ??= []).includes(message)) errors[field]!.push(message);
  return errors;
}

/**
 * A draft as a valid quiz.md question anchored in the current text, or the Chinese errors per field
 * (type, prompt, options, answer, explanation, paragraph, quote). `id` is the question's stable slug.
 */
export function checkQuestionDraft(draft: QuestionDraft, id: string, sections: SectionChoice[]): Checked<QuizQuestionInput> {
  const problems: Array<[string, string]> = [];
  if (!Object.hasOwn(QUESTION_TYPE_LABELS, draft.type)) return { ok: false, fieldErrors: { type: ["请选择题型"] } };
  const anchor = findParagraph(sections, draft.paragraph);
  if (!anchor) problems.push(["paragraph", "请选择这道题依据的段落（从当前版本的段落中选择）"]);
  const typed = draft.quote.trim();
  const quote = typed || (anchor ? firstSentence(anchor.paragraph.text) : "");
  if (anchor && typed && !anchor.paragraph.text.includes(typed)) problems.push(["quote", "引文必须是所选段落中的原文，一字不差；留空则使用该段的第一句"]);
  let answer: unknown;
  if (draft.type === "true-false") {
    if (draft.truth !== "true" && draft.truth !== "false") problems.push(["answer", "请选择这道判断题的说法是正确还是错误"]);
    answer = draft.truth === "true";
  } else if (draft.type === "single") {
    if (draft.correct.length !== 1) problems.push(["answer", "单选题请勾选一个（且只勾选一个）正确答案"]);
    answer = draft.correct[0] ?? "";
  } else {
    answer = draft.correct;
  }
  const input = {
    id, type: draft.type, prompt: draft.prompt, explanation: draft.explanation, answer,
    section: anchor?.section.slug ?? "", paragraph: anchor?.paragraph.id ?? "", quote,
    ...(draft.type === "true-false" ? {} : { options: draft.options }),
  };
  const parsed = quizQuestionSchema.safeParse(input);
  if (!parsed.success) {
    // The form's own finding about the answer is more specific than the schema's.
    const answered = problems.some(([field]) => field === "answer");
    for (const issue of parsed.error.issues) {
      const pair = describeQuestionIssue(issue, draft.type);
      if (pair[0] === "answer" && answered) continue;
      // Without a paragraph there is no default quote to judge: the paragraph's error says it all.
      if ((pair[0] === "paragraph" || pair[0] === "quote") && !anchor) continue;
      problems.push(pair);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, fieldErrors: collect(problems) };
  return { ok: true, value: parsed.data };
}

const settingsShape = quizFrontmatterSchema.shape;

/** The settings form's values, checked by quiz.md's own rules for passMark, questionsPerTest and hours. */
export function checkQuizSettings(form: { passPercent: string; questionsPerTest: string; hours: string }): Checked<QuizSettings> {
  const problems: Array<[string, string]> = [];
  const number = (text: string) => (/^\s*\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN);
  const passPercent = number(form.passPercent);
  if (!Number.isInteger(passPercent) || !settingsShape.passMark.safeParse(passPercent / 100).success) {
    problems.push(["passPercent", "及格线请填写 1 到 100 之间的整数（百分比）"]);
  }
  const perTest = settingsShape.questionsPerTest.safeParse(number(form.questionsPerTest));
  if (!perTest.success) {
    const issue = perTest.error.issues[0];
    const range = issue?.code === "too_big" ? `不能超过 ${limit(issue)}` : issue?.code === "too_small" ? `至少为 ${limit(issue)}` : "须为整数";
    problems.push(["questionsPerTest", `每次抽题数${range}`]);
  }
  const hours = settingsShape.hours.safeParse(number(form.hours));
  if (!hours.success) {
    const issue = hours.error.issues[0];
    const why = issue?.code === "too_big" ? `不能超过 ${limit(issue)}` : issue?.code === "not_multiple_of" ? `须为 ${issue.divisor} 的整数倍` : "须为不小于 0 的数";
    problems.push(["hours", `学时${why}`]);
  }
  if (problems.length > 0 || !perTest.success || !hours.success) return { ok: false, fieldErrors: collect(problems) };
  return { ok: true, value: { passPercent, questionsPerTest: perTest.data, hours: hours.data } };
}
