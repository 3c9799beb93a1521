import { describe, expect, it } from "vitest";
import { toSaveOutcome, type ApiResult } from "@/components/notes/notes-client";

const failure = (status: number, error: string, message = "x"): ApiResult<{ rev: number }> => ({ ok: false, status, error, message });
const rev = (data: { rev: number }) => data.rev;

describe("toSaveOutcome", () => {
  it("retries, keeping the draft, when the server's database refused the write (503) or the server failed", () => {
    expect(toSaveOutcome(failure(503, "database_unavailable", "数据库暂时无法保存数据，本次操作没有保存，请稍后重试"), rev)).toEqual({ kind: "retry" });
    expect(toSaveOutcome(failure(500, "server_error"), rev)).toEqual({ kind: "retry" });
    expect(toSaveOutcome(failure(0, "offline"), rev)).toEqual({ kind: "retry" });
  });

  it("stops on a refusal that a retry cannot cure, saying why", () => {
    expect(toSaveOutcome(failure(422, "invalid_input", "内容过长"), rev)).toEqual({ kind: "refused", message: "内容过长" });
    expect(toSaveOutcome({ ok: true, data: { rev: 3 } }, rev)).toEqual({ kind: "saved", rev: 3 });
  });
});
