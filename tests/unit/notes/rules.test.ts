import { describe, expect, it } from "vitest";
import { canWithdrawSubmission, checkLength, NOTE_RULES } from "@/lib/notes/rules";
import { matchesQuery, splitQuery } from "@/lib/notes/text-search";

describe("withdrawing a submitted 心得", () => {
  const submission = { submittedAt: new Date("2026-11-20T08:00:00Z") };
  const now = new Date("2026-11-29T08:00:00Z");

  it("is allowed at any time while there is no due date (assignments do not exist yet)", () => {
    expect(canWithdrawSubmission(submission, null, now)).toBe(true);
  });

  it("is allowed up to the due date and refused after it", () => {
    expect(canWithdrawSubmission(submission, new Date("2026-11-30T00:00:00Z"), now)).toBe(true);
    expect(canWithdrawSubmission(submission, now, now)).toBe(true);
    expect(canWithdrawSubmission(submission, new Date("2026-11-28T23:59:59Z"), now)).toBe(false);
  });

  it("needs something submitted", () => {
    expect(canWithdrawSubmission({ submittedAt: null }, null, now)).toBe(false);
  });
});

describe("length limits", () => {
  it("accept text up to the limit and explain by how much it is over", () => {
    expect(checkLength("字".repeat(NOTE_RULES.maxNoteChars), NOTE_RULES.maxNoteChars, "笔记")).toBeNull();
    const message = checkLength("字".repeat(NOTE_RULES.maxNoteChars + 12), NOTE_RULES.maxNoteChars, "笔记");
    expect(message).toContain("笔记最多 10,000 字");
    expect(message).toContain("超出 12 字");
  });
});

describe("searching notes in Chinese", () => {
  const note = ["我们要坚持精准扶贫、精准脱贫的基本方略。", "摘自第三部分"];

  it("finds a word that stands anywhere in the text, with no spaces around it", () => {
    expect(matchesQuery(splitQuery("精准扶贫"), note)).toBe(true);
    expect(matchesQuery(splitQuery("扶贫 方略"), note)).toBe(true);
    expect(matchesQuery(splitQuery("乡村振兴"), note)).toBe(false);
    expect(matchesQuery(splitQuery("扶贫 振兴"), note)).toBe(false);
  });

  it("matches full-width and half-width forms and letter case", () => {
    expect(matchesQuery(splitQuery("ＡＢＣ"), ["abc 的笔记"])).toBe(true);
    expect(matchesQuery(splitQuery("2035"), ["到２０３５年"])).toBe(true);
  });

  it("matches everything with an empty query", () => {
    expect(matchesQuery(splitQuery("  "), ["任何"])).toBe(true);
  });
});
