import { z } from "zod";
import { slugSchema } from "../content/schema";

const optionIdSchema = z.string().regex(/^[a-z]$/, "must be one lower-case letter such as a");

const optionSchema = z.strictObject({
  id: optionIdSchema,
  text: z.string().trim().min(1, "must not be empty").max(300),
});

/** A question's quote (exported for the browser editor, which picks a default one of this length). */
export const quoteSchema = z.string().min(4, "must be at least 4 characters").max(300);

const common = {
  /** Stable across edits: attempts and (later) item analysis refer to it. */
  id: slugSchema,
  prompt: z.string().trim().min(1, "must not be empty").max(500),
  explanation: z.string().trim().min(1, "must not be empty").max(1000),
  /** The section (file name without .md) and the paragraph that answers the question. */
  section: slugSchema,
  paragraph: z.string().regex(/^p-[0-9a-f]{10}(?:-\d+)?$/, "must be a paragraph id such as p-0123456789"),
  /** Exact text from that paragraph: re-anchors the question when the paragraph's id changes. */
  quote: quoteSchema,
};

function distinctIds(options: Array<{ id: string }>): boolean {
  return new Set(options.map((o) => o.id)).size === options.length;
}

const singleSchema = z
  .strictObject({
    ...common,
    type: z.literal("single"),
    options: z.array(optionSchema).min(2, "must list at least 2 options").max(8).refine(distinctIds, "must not repeat an option id"),
    answer: optionIdSchema,
  })
  .refine((q) => q.options.some((o) => o.id === q.answer), { path: ["answer"], message: "must be the id of one of its options" });

const multipleSchema = z
  .strictObject({
    ...common,
    type: z.literal("multiple"),
    options: z.array(optionSchema).min(3, "must list at least 3 options").max(8).refine(distinctIds, "must not repeat an option id"),
    answer: z.array(optionIdSchema).min(1, "must list at least one option id"),
  })
  .refine((q) => q.answer.every((id) => q.options.some((o) => o.id === id)), { path: ["answer"], message: "must list ids of its options only" })
  .refine((q) => new Set(q.answer).size === q.answer.length, { path: ["answer"], message: "must not list an option twice" });

const trueFalseSchema = z.strictObject({
  ...common,
  type: z.literal("true-false"),
  /** The statement in `prompt` is true or false; the options are always 正确 and 错误. */
  answer: z.boolean(),
});

export const quizQuestionSchema = z.discriminatedUnion("type", [singleSchema, multipleSchema, trueFalseSchema]);

/** Frontmatter of `content/<material>/quiz.md`: the material's self-test. */
export const quizFrontmatterSchema = z
  .strictObject({
    /** Share of questions to answer correctly to pass; 0.8 unless set. */
    passMark: z.number().gt(0).max(1).default(0.8),
    /** Questions drawn for one test. */
    questionsPerTest: z.number().int().min(1).max(50),
    /** 学时 credited for completing the material (read and passed); 0 when not set. */
    hours: z.number().min(0).max(100).multipleOf(0.5).default(0),
    questions: z
      .array(quizQuestionSchema)
      .min(1, "must list at least one question")
      .refine((list) => new Set(list.map((q) => q.id)).size === list.length, "must not use a question id twice"),
  })
  .refine((quiz) => quiz.questions.length >= quiz.questionsPerTest, {
    path: ["questionsPerTest"],
    message: "must not exceed the number of questions",
  });

export type QuizFrontmatter = z.infer<typeof quizFrontmatterSchema>;
export type QuizQuestionInput = z.infer<typeof quizQuestionSchema>;
