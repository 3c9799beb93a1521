import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// A folder where the database file should be: SQLite cannot open it, as with a missing disk.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-broken-"));
process.env.DATABASE_URL = `file:${dir}`;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("GET /api/health when the database is unavailable", () => {
  it("answers 503 with the database marked as failing and logs the cause", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { status: string; database: { status: string; error: string }; content: unknown };
    expect(body.status).toBe("error");
    expect(body.database.status).toBe("error");
    expect(body.database.error).not.toContain(dir); // no internals in a public answer
    expect(body.content).toEqual({ materials: 1, sections: 11 });
    expect(log).toHaveBeenCalled();
  });
});
