import { describe, expect, it } from "vitest";
import { USER_HINT_COOKIE, getStorageOwner, readUserHint, serializeUserHint } from "@/lib/auth/user-hint";

const cookie = (value: unknown) => `other=1; ${USER_HINT_COOKIE}=${encodeURIComponent(typeof value === "string" ? value : JSON.stringify(value))}`;

describe("the display hint cookie", () => {
  it("round-trips the account id, name and role", () => {
    const hint = { id: 42, name: "王建国", role: "READER" as const };
    expect(readUserHint(cookie(serializeUserHint(hint)))).toEqual(hint);
  });

  it("still reads a hint written before the id was added", () => {
    expect(readUserHint(cookie({ name: "王建国", role: "READER" }))).toEqual({ name: "王建国", role: "READER" });
  });

  it("refuses a malformed id rather than trusting it", () => {
    for (const id of [0, -1, 1.5, "7", null]) expect(readUserHint(cookie({ id, name: "王建国", role: "READER" }))).toBeNull();
  });

  it("keys local storage by account, so two colleagues with the same name never share drafts or queued beats", () => {
    const a = getStorageOwner({ id: 7, name: "王建国", role: "READER" });
    const b = getStorageOwner({ id: 8, name: "王建国", role: "READER" });
    expect(a).not.toBe(b);
    expect(a).not.toContain("王建国");
  });
});
