import { afterAll, describe, expect, it, vi } from "vitest";

// Port 1 on the loopback: nothing listens there, as with a PostgreSQL server that is down.
process.env.DATABASE_URL = "postgresql://postgres:secret@127.0.0.1:1/portal";
afterAll(async () => (await import("@/lib/db")).closeDb());

describe("GET /api/health when PostgreSQL is unreachable", () => {
  it("answers 503 naming the provider, with no connection details in the public answer", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).not.toContain("secret");
    expect(text).not.toContain("127.0.0.1");
    const body = JSON.parse(text) as { status: string; database: { status: string; provider: string; cause: string; error: string } };
    expect(body).toMatchObject({
      status: "error",
      database: { status: "error", provider: "postgresql", cause: "unreachable", error: "the database cannot be opened or reached" },
    });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^\[health\] database check failed: the database cannot be opened or reached; /));
  });
});
