import { describe, expect, it } from "vitest";
import type { BankQuestion } from "@/lib/quiz/bank";
import type { TestQuestion } from "@/lib/quiz/grading";
import { computeItemStats } from "@/lib/quiz/item-stats";

const options = [
  { id: "a", text: "甲" },
  { id: "b", text: "乙" },
  { id: "c", text: "丙" },
];
const base = { explanation: "解析", section: "part-1", paragraphId: "p-0123456789", quote: "引文", needsReview: false };
const single: BankQuestion = { ...base, id: "s", type: "single", prompt: "单选？", options, answer: ["b"] };
const multiple: BankQuestion = { ...base, id: "m", type: "multiple", prompt: "多选？", options, answer: ["a", "c"] };
const review: BankQuestion = { ...base, id: "r", type: "single", prompt: "复核？", options, answer: ["a"], needsReview: true, paragraphId: null };

/** As stored: options in a shown (shuffled) order, texts as they were when drawn. */
const drawn = (q: BankQuestion): TestQuestion => ({ ...q, paragraphId: q.paragraphId ?? "p-x", options: [...q.options].reverse().map((o) => ({ ...o, text: `旧${o.text}` })) });

describe("item statistics", () => {
  it("counts attempts, correct answers and the most chosen wrong option by its current text", () => {
    const stats = computeItemStats([single, multiple, review], [
      { questions: [drawn(single), drawn(multiple)], answers: { s: ["b"], m: ["a", "c"] } },
      { questions: [drawn(single), drawn(multiple)], answers: { s: ["c"], m: ["a"] } },
      { questions: [drawn(single)], answers: { s: ["c"] } },
      { questions: [drawn(multiple)], answers: { m: ["a", "b", "c"] } },
    ]);
    expect(stats.map((q) => [q.id, q.attempts, q.correct, q.percentCorrect, q.topWrong])).toEqual([
      ["s", 3, 1, 33, { optionId: "c", text: "丙", count: 2 }],
      // Wrong by omission (only a) chooses no wrong option; a, b, c chooses b.
      ["m", 3, 1, 33, { optionId: "b", text: "乙", count: 1 }],
      ["r", 0, 0, null, null],
    ]);
    expect(stats[2]!.needsReview).toBe(true);
  });

  it("breaks a tie between wrong options by the bank's order and ignores questions no longer in the bank", () => {
    const gone = drawn({ ...single, id: "gone" });
    const stats = computeItemStats([single], [
      { questions: [drawn(single), gone], answers: { s: ["c"], gone: ["a"] } },
      { questions: [drawn(single)], answers: { s: ["a"] } },
    ]);
    expect(stats).toHaveLength(1);
    expect(stats[0]!.topWrong).toEqual({ optionId: "a", text: "甲", count: 1 });
  });
});
