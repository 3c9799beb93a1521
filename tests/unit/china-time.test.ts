import { describe, expect, it } from "vitest";
import { formatChinaDate, formatChinaDateTime, formatChinaMonthDay, formatChinaTime, getChinaDay } from "@/lib/china-time";

describe("China time", () => {
  // 2026-12-06 19:55 UTC is already 2026-12-07 03:55 in China: the evening hours a UTC date gets wrong.
  const evening = new Date("2026-12-06T19:55:09Z");

  it("names the China-time day, not the UTC one", () => {
    expect(getChinaDay(evening)).toBe("2026-12-07");
    expect(getChinaDay(new Date("2026-12-06T15:59:59Z"))).toBe("2026-12-06");
    expect(getChinaDay(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
  });

  it("formats the same moment the same way in every form", () => {
    expect(formatChinaTime(evening)).toBe("2026年12月7日 03:55");
    expect(formatChinaTime(evening.toISOString())).toBe("2026年12月7日 03:55");
    expect(formatChinaDate(evening)).toBe("2026年12月7日");
    expect(formatChinaMonthDay(evening)).toBe("12月7日");
    expect(formatChinaDateTime(evening)).toBe("2026-12-07 03:55");
    expect(formatChinaDateTime(evening, { seconds: true })).toBe("2026-12-07 03:55:09");
    expect(formatChinaDateTime(new Date("2026-11-30T16:00:00Z"))).toBe("2026-12-01 00:00");
    expect(formatChinaDateTime(new Date("invalid"))).toBe("");
  });
});
