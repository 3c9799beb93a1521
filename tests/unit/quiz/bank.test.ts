import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ContentError, loadMaterial } from "@/lib/content/loader";
import { paragraphIdFor } from "@/lib/content/markdown";
import { loadQuizBank } from "@/lib/quiz/bank";

const MATERIAL = `---\ntitle: "测试材料"\ndescription: "用于测试。"\norder: 1\nsections:\n  - part-1\n---\n`;
const FIRST = "第一段讲精准识别与精准施策。";
const SECOND = "第二段讲作风建设要求真务实。";
const SECTION = `---\ntitle: "第一节"\n---\n\n${FIRST}\n\n${SECOND}\n`;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function question(overrides: Record<string, string> = {}): string {
  const q = {
    id: "q-one", type: "single", prompt: "题干？", answer: "a", explanation: "解析。", section: "part-1",
    paragraph: paragraphIdFor(FIRST), quote: "精准识别与精准施策", ...overrides,
  };
  return `  - id: ${q.id}\n    type: ${q.type}\n    prompt: "${q.prompt}"\n    options:\n      - { id: a, text: "甲" }\n      - { id: b, text: "乙" }\n    answer: ${q.answer}\n    explanation: "${q.explanation}"\n    section: ${q.section}\n    paragraph: ${q.paragraph}\n    quote: "${q.quote}"\n`;
}

function write(quiz: string | undefined) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "quiz-"));
  roots.push(root);
  const dir = path.join(root, "test-material");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "material.md"), MATERIAL);
  fs.writeFileSync(path.join(dir, "part-1.md"), SECTION);
  if (quiz !== undefined) fs.writeFileSync(path.join(dir, "quiz.md"), quiz);
  return { dir, material: loadMaterial(dir) };
}

const front = (body: string, extra = "questionsPerTest: 1\n") => `---\n${extra}questions:\n${body}---\n`;

function loadError(quiz: string): string {
  const { dir, material } = write(quiz);
  try {
    loadQuizBank(dir, material);
  } catch (error) {
    if (error instanceof ContentError) return error.message;
    throw error;
  }
  throw new Error("expected quiz.md to be rejected");
}

describe("quiz.md", () => {
  it("is optional, and is not taken for an unlisted section", () => {
    const { dir, material } = write(undefined);
    expect(loadQuizBank(dir, material)).toBeUndefined();
    expect(() => write(front(question()))).not.toThrow();
  });

  it("loads with the default pass mark of 80% and anchors each question", () => {
    const { dir, material } = write(front(question()));
    const bank = loadQuizBank(dir, material);
    expect(bank?.passPercent).toBe(80);
    expect(bank?.hours).toBe(0);
    expect(bank?.questions[0]).toMatchObject({ id: "q-one", answer: ["a"], paragraphId: paragraphIdFor(FIRST), needsReview: false });
  });

  it("gives true/false questions the fixed options 正确 and 错误", () => {
    const tf = "  - id: q-tf\n    type: true-false\n    prompt: \"说法。\"\n    answer: false\n    explanation: \"解析。\"\n    section: part-1\n" +
      `    paragraph: ${paragraphIdFor(SECOND)}\n    quote: "求真务实"\n`;
    const { dir, material } = write(front(tf));
    const bank = loadQuizBank(dir, material);
    expect(bank?.questions[0]?.options.map((o) => o.text)).toEqual(["正确", "错误"]);
    expect(bank?.questions[0]?.answer).toEqual(["f"]);
  });

  it("re-anchors a question whose quote moved to another paragraph", () => {
    const { dir, material } = write(front(question({ paragraph: paragraphIdFor(SECOND) })));
    expect(loadQuizBank(dir, material)?.questions[0]?.paragraphId).toBe(paragraphIdFor(FIRST));
  });

  it("flags 需复核 a question whose quote is no longer in its section", () => {
    const { dir, material } = write(front(question({ quote: "这句话已经删掉了" })));
    expect(loadQuizBank(dir, material)?.questions[0]).toMatchObject({ needsReview: true, paragraphId: null });
  });

  it("names the file and the field of a bad question", () => {
    expect(loadError(front(question({ answer: "z" })))).toMatch(/test-material\/quiz\.md: frontmatter field "questions\.0\.answer" must be the id/);
    expect(loadError(front(question({ section: "part-9" })))).toMatch(/field "questions\.0\.section" names no section/);
    expect(loadError(front(question({ type: "essay" })))).toMatch(/field "questions\.0\.type"/);
    expect(loadError(front(question(), ""))).toMatch(/field "questionsPerTest" is required/);
    expect(loadError(front(question(), "questionsPerTest: 2\n"))).toMatch(/field "questionsPerTest" must not exceed/);
    expect(loadError(front(question() + question()))).toMatch(/field "questions" must not use a question id twice/);
  });

  it("refuses unknown fields", () => {
    expect(loadError(front(question(), "questionsPerTest: 1\npassmark: 0.6\n"))).toMatch(/unknown field\(s\) "passmark"/);
  });
});

describe("the supplied material's bank", () => {
  it("has 10 questions, each anchored in the current text", () => {
    const dir = path.resolve(__dirname, "../../../content/deep-poverty-speech");
    const material = loadMaterial(dir);
    const bank = loadQuizBank(dir, material);
    expect(bank?.questions).toHaveLength(10);
    for (const q of bank?.questions ?? []) {
      const section = material.sections.find((s) => s.slug === q.section);
      expect(q.needsReview, q.id).toBe(false);
      expect(section?.paragraphs.find((p) => p.id === q.paragraphId)?.text, q.id).toContain(q.quote);
    }
    expect(new Set(bank?.questions.map((q) => q.type))).toEqual(new Set(["single", "multiple", "true-false"]));
  });
});
