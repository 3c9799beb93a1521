import { describe, expect, it } from "vitest";
import { canReviewReflection, type Actor } from "@/lib/auth/permissions";

// 甲处 /1/2/ with 甲处一科 /1/2/3/ below it; 乙处 /1/4/.
const unitAdminA: Actor = { id: 2, role: "UNIT_ADMIN", unitPath: "/1/2/" };
const systemAdmin: Actor = { id: 1, role: "SYSTEM_ADMIN", unitPath: "/1/" };
const reader: Actor = { id: 9, role: "READER", unitPath: "/1/2/" };

describe("who may 点评 or 退回修改 a submitted 心得", () => {
  it("a unit administrator: readers of their subtree and administrators strictly below, nobody else", () => {
    expect(canReviewReflection(unitAdminA, { id: 5, role: "READER", unitPath: "/1/2/3/" })).toBe(true);
    expect(canReviewReflection(unitAdminA, { id: 4, role: "READER", unitPath: "/1/2/" })).toBe(true);
    expect(canReviewReflection(unitAdminA, { id: 6, role: "READER", unitPath: "/1/4/" })).toBe(false);
    expect(canReviewReflection(unitAdminA, { id: 7, role: "UNIT_ADMIN", unitPath: "/1/2/3/" })).toBe(true);
    expect(canReviewReflection(unitAdminA, { id: 8, role: "UNIT_ADMIN", unitPath: "/1/2/" })).toBe(false);
    expect(canReviewReflection(unitAdminA, { id: 1, role: "SYSTEM_ADMIN", unitPath: "/1/" })).toBe(false);
  });

  it("a system administrator: everyone's but their own; a reader: nobody's", () => {
    expect(canReviewReflection(systemAdmin, { id: 8, role: "UNIT_ADMIN", unitPath: "/1/2/" })).toBe(true);
    expect(canReviewReflection(systemAdmin, { id: 3, role: "SYSTEM_ADMIN", unitPath: "/1/2/" })).toBe(true);
    expect(canReviewReflection(systemAdmin, { id: 1, role: "SYSTEM_ADMIN", unitPath: "/1/" })).toBe(false);
    expect(canReviewReflection(reader, { id: 4, role: "READER", unitPath: "/1/2/" })).toBe(false);
  });
});
