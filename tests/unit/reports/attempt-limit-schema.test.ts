import { describe, expect, it } from "vitest";
import { assignmentFormSchema, attemptLimitFormSchema } from "@/lib/schemas/reports";

describe("测试次数上限 in the assignment forms", () => {
  it("takes empty as unlimited and 1 to 99 as a limit", () => {
    expect(attemptLimitFormSchema.parse({ maxAttempts: "" })).toEqual({ maxAttempts: null });
    expect(attemptLimitFormSchema.parse({ maxAttempts: " 3 " })).toEqual({ maxAttempts: 3 });
    expect(attemptLimitFormSchema.parse({ maxAttempts: "99" })).toEqual({ maxAttempts: 99 });
  });

  it("refuses zero, negatives, fractions, 100 and words in Chinese", () => {
    for (const value of ["0", "-1", "1.5", "100", "三", "01"]) {
      const result = attemptLimitFormSchema.safeParse({ maxAttempts: value });
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]?.message).toContain("1 至 99");
    }
  });

  it("leaves an assignment without the field unlimited", () => {
    const input = { materialSlug: "m", unitId: "2", startDate: "2026-01-01", dueDate: "2026-02-01" };
    expect(assignmentFormSchema.parse(input).maxAttempts).toBeUndefined();
    expect(assignmentFormSchema.parse({ ...input, maxAttempts: "2" }).maxAttempts).toBe(2);
  });
});
