import { describe, expect, it } from "vitest";
import { describeError } from "@/lib/db-errors";

describe("describeError", () => {
  it("keeps the class, the Prisma and driver codes and the frames, never the message (it can quote a note)", () => {
    const error = Object.assign(new Error("Invalid `prisma.note.update()` invocation: { body: '私密笔记原文\n  at 家里写的' }"), {
      name: "PrismaClientKnownRequestError",
      code: "P2002",
      meta: { driverAdapterError: { cause: { kind: "UniqueConstraintViolation", code: "2067" } } },
    });
    const described = describeError(error);
    expect(described).toMatch(/^PrismaClientKnownRequestError P2002 UniqueConstraintViolation 2067\n\s+at /u);
    expect(described).not.toContain("私密笔记原文");
    expect(described).not.toContain("invocation");
    expect(described).not.toContain("家里写的");
  });

  it("says what was thrown when it is not an Error, without its value", () => {
    expect(describeError("私密笔记原文")).toBe("non-Error thrown (string)");
  });
});
