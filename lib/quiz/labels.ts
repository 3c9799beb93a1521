import type { QuestionType } from "./bank";

/** How each kind of question is named to readers. */
export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = { single: "单选题", multiple: "多选题", "true-false": "判断题" };

/** Letters shown before the options of choice questions, in the order shown. */
export const OPTION_LETTERS = "ABCDEFGH";
