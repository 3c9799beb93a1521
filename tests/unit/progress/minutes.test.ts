import { describe, expect, it } from "vitest";
import { sumActiveMinutes, toActiveMinutes } from "@/lib/progress/minutes";

describe("active minutes", () => {
  it("round the seconds to the nearest minute", () => {
    expect([0, 29, 30, 89, 90, 570].map(toActiveMinutes)).toEqual([0, 0, 1, 1, 2, 10]);
  });

  it("add the seconds before rounding a total, once", () => {
    // The figures: per-section rounding made these 11 and 4.
    expect(sumActiveMinutes([150, 150, 150, 120])).toBe(10);
    expect(sumActiveMinutes([90, 117])).toBe(3);
    expect(sumActiveMinutes([])).toBe(0);
  });
});
