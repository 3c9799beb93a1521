// POST /api/progress as the route handler runs it: a batch with a refused beat records the others
// and names the refused one by index, so the tracker drops exactly that one.
import { describe, expect, it, vi } from "vitest";
import { USERS, signInAs, useAccountFixture } from "../admin/fixtures";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

const MATERIAL = "deep-poverty-speech";

async function post(body: unknown): Promise<Response> {
  const { POST } = await import("@/app/api/progress/route");
  return POST(
    new Request("http://portal.test/api/progress", {
      method: "POST",
      headers: { host: "portal.test", origin: "http://portal.test", "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

describe("POST /api/progress", () => {
  it("records every acceptable beat of a batch and names the refused ones", async () => {
    const { getSection } = await import("@/lib/content");
    const { getDb } = await import("@/lib/db");
    const part1 = getSection(MATERIAL, "part-1")!.section;
    const part2 = getSection(MATERIAL, "part-2")!.section;
    const beat = (section: typeof part1, viewId: string) => ({
      material: MATERIAL,
      section: section.slug,
      version: section.version,
      viewId,
      paragraphs: section.paragraphs.slice(0, 1).map((p) => p.id),
      activeSeconds: 5,
    });
    await signInAs("readerA1");
    const response = await post({ beats: [beat(part1, "view-good-0001"), { ...beat(part1, "view-bad-0001"), version: "000000000000" }, beat(part2, "view-good-0002")] });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { recorded: number; refused: Array<{ index: number; error: string }> };
    expect(body).toMatchObject({ ok: false, recorded: 2, refused: [{ index: 1, error: "unknown_version" }] });
    const db = await getDb();
    const rows = await db.sectionProgress.findMany({ where: { userId: USERS.readerA1.id }, select: { sectionSlug: true }, orderBy: { sectionSlug: "asc" } });
    expect(rows.map((r) => r.sectionSlug)).toEqual(["part-1", "part-2"]);
  });

  it("answers an anonymous beat 401 and a cross-site one 403, writing nothing", async () => {
    const { getDb } = await import("@/lib/db");
    await signInAs(undefined);
    expect((await post({ beats: [] })).status).toBe(401);
    await signInAs("readerA1");
    const { POST } = await import("@/app/api/progress/route");
    const crossSite = await POST(new Request("http://portal.test/api/progress", { method: "POST", headers: { host: "portal.test", origin: "https://evil.example" }, body: "{}" }));
    expect(crossSite.status).toBe(403);
    expect(await (await getDb()).sectionProgress.count()).toBe(0);
  });
});
