import { describe, expect, it } from "vitest";
import type { QuizBank } from "@/lib/quiz/bank";
import { checkAnswers, drawTest, gradeAnswers, shuffle, toPublicQuestion, type TestQuestion } from "@/lib/quiz/grading";

const options = [
  { id: "a", text: "甲" },
  { id: "b", text: "乙" },
  { id: "c", text: "丙" },
];
const base = { explanation: "解析", section: "part-1", paragraphId: "p-0123456789", quote: "引文" };
const single: TestQuestion = { ...base, id: "s", type: "single", prompt: "单选？", options, answer: ["b"] };
const multiple: TestQuestion = { ...base, id: "m", type: "multiple", prompt: "多选？", options, answer: ["a", "c"] };
const tf: TestQuestion = { ...base, id: "t", type: "true-false", prompt: "判断。", options: [{ id: "t", text: "正确" }, { id: "f", text: "错误" }], answer: ["t"] };
const questions = [single, multiple, tf];

describe("drawing a test", () => {
  const bank: QuizBank = {
    materialSlug: "m", passPercent: 80, questionsPerTest: 2, hours: 0,
    questions: [
      { ...single, needsReview: false },
      { ...multiple, needsReview: false },
      { ...tf, id: "review", needsReview: true, paragraphId: null },
    ],
  };

  it("draws questionsPerTest questions and never one under review", () => {
    for (let i = 0; i < 20; i++) {
      const drawn = drawTest(bank);
      expect(drawn).toHaveLength(2);
      expect(drawn.map((q) => q.id).sort()).toEqual(["m", "s"]);
    }
  });

  it("shuffles question and option order", () => {
    const orders = new Set<string>();
    for (let i = 0; i < 50; i++) orders.add(drawTest(bank).map((q) => q.id + q.options.map((o) => o.id).join("")).join("|"));
    expect(orders.size).toBeGreaterThan(4);
  });

  it("shuffle is a permutation", () => {
    expect(shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(shuffle([1, 2, 3], () => 0)).toEqual([2, 3, 1]);
  });

  it("shows the browser no answer key and no explanation", () => {
    const shown = toPublicQuestion(single);
    expect(Object.keys(shown).sort()).toEqual(["id", "options", "prompt", "type"]);
    expect(JSON.stringify(shown)).not.toContain("解析");
  });
});

describe("checking answers", () => {
  const all = { s: ["b"], m: ["a", "c"], t: ["t"] };

  it("accepts a complete answer sheet", () => {
    expect(checkAnswers(questions, all)).toBeNull();
  });

  it("refuses an option of another question, an unknown question, two options to a single choice and gaps", () => {
    expect(checkAnswers(questions, { ...all, t: ["a"] })?.code).toBe("unknown_option");
    expect(checkAnswers(questions, { ...all, x: ["a"] })?.code).toBe("unknown_question");
    expect(checkAnswers(questions, { ...all, s: ["a", "b"] })?.code).toBe("too_many");
    expect(checkAnswers(questions, { s: ["b"] })).toEqual({ code: "unanswered", message: "第 2、3 题还没有作答，请作答后再交卷" });
  });
});

describe("grading", () => {
  it("counts a question correct only when exactly its options were chosen", () => {
    const grade = gradeAnswers(questions, { s: ["b"], m: ["a"], t: ["t"] }, 80);
    expect(grade.questions.map((q) => q.correct)).toEqual([true, false, true]);
    expect(grade).toMatchObject({ correct: 2, total: 3, passed: false });
    expect(gradeAnswers(questions, { s: ["b"], m: ["c", "a"], t: ["t"] }, 80)).toMatchObject({ correct: 3, passed: true });
  });

  it("passes at exactly the pass mark", () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ ...single, id: `q${i}` }));
    const answers = Object.fromEntries(five.map((q, i) => [q.id, [i < 4 ? "b" : "a"]]));
    expect(gradeAnswers(five, answers, 80)).toMatchObject({ correct: 4, total: 5, passed: true });
    expect(gradeAnswers(five, answers, 81).passed).toBe(false);
  });
});
