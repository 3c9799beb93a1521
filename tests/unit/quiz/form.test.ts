import { describe, expect, it } from "vitest";
import { parseSubmission } from "@/lib/quiz/form";

const ATTEMPT = "AbCdEfGhIjKlMnOpQrStUv";

function form(entries: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe("reading a submitted test form", () => {
  it("collects one or several option ids per question and ignores React's own fields", () => {
    const parsed = parseSubmission(
      form([["material", "deep-poverty-speech"], ["attemptId", ATTEMPT], ["q:work-style", "a"], ["q:work-style", "c"], ["q:five-aspects", "c"], ["$ACTION_ID_1", ""]]),
    );
    expect(parsed).toEqual({ ok: true, data: { material: "deep-poverty-speech", attemptId: ATTEMPT, answers: { "work-style": ["a", "c"], "five-aspects": ["c"] } } });
  });

  it("refuses a bad attempt id, unknown fields and bad question ids in Chinese", () => {
    expect(parseSubmission(form([["material", "m"], ["attemptId", "1"]]))).toEqual({ ok: false, message: "这次测试的编号无效，请重新开始测试" });
    expect(parseSubmission(form([["material", "m"], ["attemptId", ATTEMPT], ["extra", "x"]]))).toMatchObject({ ok: false, message: expect.stringContaining("格式不正确") });
    expect(parseSubmission(form([["material", "m"], ["attemptId", ATTEMPT], ["q:Bad Id", "a"]]))).toMatchObject({ ok: false });
  });
});
