import { describe, expect, it } from "vitest";
import { asksForFreshCopy } from "@/lib/content/published";

function headersOf(values: Record<string, string>) {
  return (name: string) => values[name];
}

describe("asksForFreshCopy", () => {
  it("is true for the no-cache a hard reload or a no-store fetch sends, in Cache-Control or Pragma", () => {
    expect(asksForFreshCopy(headersOf({ "cache-control": "no-cache" }))).toBe(true);
    expect(asksForFreshCopy(headersOf({ "cache-control": "max-age=0, No-Cache" }))).toBe(true);
    expect(asksForFreshCopy(headersOf({ pragma: "no-cache" }))).toBe(true);
  });

  it("is false for an ordinary request, a normal reload and look-alike directives", () => {
    expect(asksForFreshCopy(headersOf({}))).toBe(false);
    expect(asksForFreshCopy(headersOf({ "cache-control": "max-age=0" }))).toBe(false);
    expect(asksForFreshCopy(headersOf({ "cache-control": "no-cache-please" }))).toBe(false);
    expect(asksForFreshCopy(headersOf({ "cache-control": "x-no-cache" }))).toBe(false);
  });
});
