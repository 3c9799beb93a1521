import { describe, expect, it } from "vitest";
import { assignmentFormSchema, personStateText, requirePassFormSchema } from "@/lib/schemas/reports";

const base = { materialSlug: "m", unitId: "2", startDate: "2026-01-01", dueDate: "2026-02-01" };

describe("需通过测试 in the assignment forms", () => {
  it("reads the ticked checkbox as required and its absence as reading only", () => {
    expect(assignmentFormSchema.parse({ ...base, requirePass: "1" }).requirePass).toBe(true);
    expect(assignmentFormSchema.parse(base).requirePass).toBe(false);
  });

  it("refuses any other value of the checkbox in Chinese", () => {
    for (const value of ["on", "0", "true", ""]) {
      const result = assignmentFormSchema.safeParse({ ...base, requirePass: value });
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("需通过测试的选项无效");
    }
  });

  it("takes 1 and 0 in the change form, and refuses anything else in Chinese", () => {
    expect(requirePassFormSchema.parse({ requirePass: "1" })).toEqual({ requirePass: true });
    expect(requirePassFormSchema.parse({ requirePass: "0" })).toEqual({ requirePass: false });
    for (const form of [{ requirePass: "yes" }, {}, { requirePass: "1", extra: "x" }]) {
      const result = requirePassFormSchema.safeParse(form);
      expect(result.success, JSON.stringify(form)).toBe(false);
    }
    expect(requirePassFormSchema.safeParse({}).error?.issues[0]?.message).toBe("请选择完成要求");
  });
});

describe("a person's state in the grid and exports", () => {
  it("says 待通过测试 only when every section is read and the test is what is missing", () => {
    expect(personStateText({ state: "in-progress", awaitingTest: true })).toBe("进行中（已读完，待通过测试）");
    expect(personStateText({ state: "overdue", awaitingTest: true })).toBe("已逾期（已读完，待通过测试）");
    expect(personStateText({ state: "in-progress", awaitingTest: false })).toBe("进行中");
  });
});
