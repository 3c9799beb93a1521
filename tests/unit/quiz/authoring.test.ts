import { describe, expect, it, vi } from "vitest";
import { checkQuestionDraft, checkQuizSettings, firstSentence, type QuestionDraft } from "@/lib/quiz/authoring";
import { DEFAULT_QUIZ_SETTINGS, toQuestionInput, toStoredColumns } from "@/lib/quiz/published";

const SECTIONS = [{ slug: "part-1", title: "第一部分", paragraphs: [{ id: "p-0123456789", text: "一是健全机制。二是完善服务。" }, { id: "p-abcdefabcd", text: "好。" }] }];

const draft = (overrides: Partial<QuestionDraft> = {}): QuestionDraft => ({
  type: "multiple",
  prompt: "哪些是原文的要求？",
  explanation: "见第一部分。",
  options: [{ id: "a", text: "健全机制" }, { id: "c", text: "完善服务" }, { id: "d", text: "层层加码" }],
  correct: ["a", "c"],
  paragraph: "part-1#p-0123456789",
  quote: "",
  ...overrides,
});

describe("the quiz editor's checks", () => {
  it("defaults the quote to the paragraph's first sentence, or the paragraph when that is too short", () => {
    expect(firstSentence("一是健全机制。二是完善服务。")).toBe("一是健全机制。");
    expect(firstSentence("“坚持人民至上。”其次……")).toBe("“坚持人民至上。”");
    expect(firstSentence("好。很好的一段话")).toBe("好。很好的一段话");
    expect(firstSentence("长".repeat(400))).toHaveLength(300);
  });

  it("turns a draft into quiz.md's question, keeping option ids as they were (not re-lettered)", () => {
    const checked = checkQuestionDraft(draft(), "q-1", SECTIONS);
    expect(checked).toEqual({
      ok: true,
      value: {
        id: "q-1", type: "multiple", prompt: "哪些是原文的要求？", explanation: "见第一部分。", section: "part-1", paragraph: "p-0123456789", quote: "一是健全机制。",
        options: draft().options, answer: ["a", "c"],
      },
    });
  });

  it("says every problem in Chinese under its field, with the schema's own limits", () => {
    const checked = checkQuestionDraft(draft({ prompt: "", options: [{ id: "a", text: "x".repeat(301) }], correct: [], quote: "不在段落里" }), "q-1", SECTIONS);
    expect(checked).toEqual({
      ok: false,
      fieldErrors: {
        prompt: ["请填写题干"],
        quote: ["引文必须是所选段落中的原文，一字不差；留空则使用该段的第一句"],
        options: ["第 1 个选项不能超过 300 个字", "多选题至少要有 3 个选项"],
        answer: ["多选题请至少勾选一个正确答案"],
      },
    });
  });

  it("refuses a quote shorter than quiz.md allows, and a paragraph that is not in the current text", () => {
    expect(checkQuestionDraft(draft({ paragraph: "part-1#p-abcdefabcd", quote: "好。" }), "q-1", SECTIONS)).toMatchObject({ fieldErrors: { quote: ["引文至少要有 4 个字"] } });
    expect(checkQuestionDraft(draft({ paragraph: "part-2#p-0123456789" }), "q-1", SECTIONS)).toEqual({ ok: false, fieldErrors: { paragraph: ["请选择这道题依据的段落（从当前版本的段落中选择）"] } });
  });

  it("checks the settings by quiz.md's rules for passMark, questionsPerTest and hours", () => {
    expect(checkQuizSettings({ passPercent: "80", questionsPerTest: "5", hours: "2.5" })).toEqual({ ok: true, value: { passPercent: 80, questionsPerTest: 5, hours: 2.5 } });
    expect(checkQuizSettings({ passPercent: "80.5", questionsPerTest: "1.5", hours: "101" })).toMatchObject({
      ok: false,
      fieldErrors: { passPercent: [expect.stringContaining("1 到 100")], questionsPerTest: ["每次抽题数须为整数"], hours: ["学时不能超过 100"] },
    });
    expect(DEFAULT_QUIZ_SETTINGS).toEqual({ passPercent: 80, questionsPerTest: 5, hours: 0 });
  });
});

describe("stored questions", () => {
  it("round-trip through their columns, and a row that no longer passes the schema is left out and logged", () => {
    const checked = checkQuestionDraft(draft(), "q-1", SECTIONS);
    if (!checked.ok) throw new Error("expected a valid draft");
    expect(toQuestionInput("m", { id: "q-1", ...toStoredColumns(checked.value) })).toEqual(checked.value);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(toQuestionInput("m", { id: "q-1", ...toStoredColumns(checked.value), answer: '["z"]' })).toBeNull();
    expect(toQuestionInput("m", { id: "q-1", ...toStoredColumns(checked.value), options: "not json" })).toBeNull();
    expect(error).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });
});
