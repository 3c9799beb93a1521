import { describe, expect, it } from "vitest";
import { getLandingPath, getPathAfterSignIn } from "@/lib/auth/permissions";

describe("where sign-in lands", () => {
  it("sends each role to its own start page when no particular page was asked for", () => {
    expect(getLandingPath("READER")).toBe("/");
    expect(getLandingPath("UNIT_ADMIN")).toBe("/admin/progress");
    expect(getLandingPath("SYSTEM_ADMIN")).toBe("/admin");
    // The proxy names the home page when someone opens the portal's address: no particular page.
    expect(getPathAfterSignIn("UNIT_ADMIN", "/")).toBe("/admin/progress");
    expect(getPathAfterSignIn("SYSTEM_ADMIN", "")).toBe("/admin");
  });

  it("keeps the page a user asked for", () => {
    expect(getPathAfterSignIn("UNIT_ADMIN", "/materials/deep-poverty-speech/part-2")).toBe("/materials/deep-poverty-speech/part-2");
    expect(getPathAfterSignIn("READER", "/me")).toBe("/me");
  });
});
