// POST /api/progress as the route handler runs it: a batch with a refused beat records the others
// and names the refused one by index, so the tracker drops exactly that one; every answer carries the
// status of each section recorded, so the page follows the server without a reload. And where
// 继续学习 leads.
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

  it("answers the status of each section it recorded, 已完成 as soon as the rule is met", async () => {
    const { getSection } = await import("@/lib/content");
    const { requiredActiveSeconds } = await import("@/lib/progress/config");
    const part9 = getSection(MATERIAL, "part-9")!.section;
    const part1 = getSection(MATERIAL, "part-1")!.section;
    await signInAs("readerA1");
    const needed = requiredActiveSeconds(part9.chars);
    const whole = { material: MATERIAL, section: "part-9", version: part9.version, viewId: "view-done-0001", paragraphs: part9.paragraphs.map((p) => p.id), activeSeconds: needed };
    const some = { material: MATERIAL, section: "part-1", version: part1.version, viewId: "view-some-0001", paragraphs: [part1.paragraphs[0]!.id], activeSeconds: 0 };
    const response = await post({ beats: [whole, some] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sections: Array<{ material: string; slug: string; state: string; percent: number; activeSeconds: number; lastParagraphId: string }> };
    expect(body.sections).toHaveLength(2);
    expect(body.sections[0]).toMatchObject({ material: MATERIAL, slug: "part-9", state: "done", percent: 100, activeSeconds: needed, lastParagraphId: part9.paragraphs.at(-1)!.id });
    expect(body.sections[1]).toMatchObject({ material: MATERIAL, slug: "part-1", state: "reading", activeSeconds: 0, lastParagraphId: part1.paragraphs[0]!.id });
    expect(body.sections[1]!.percent).toBeGreaterThan(0);
  });
});

describe("POST /api/progress after an offline spell (issue 18)", () => {
  it("credits a batch of several page views' reading in full, settling the reader's clock only at its last beat", async () => {
    const { getSection } = await import("@/lib/content");
    const { recordBeat } = await import("@/lib/progress/store");
    const { getDb } = await import("@/lib/db");
    const part3 = getSection(MATERIAL, "part-3")!.section;
    await signInAs("readerA1");
    const beat = (viewId: string, activeSeconds: number) => ({ material: MATERIAL, section: "part-3", version: part3.version, viewId, paragraphs: [], activeSeconds });
    // 200 s ago view A's beat of 30 s was credited; then the connection dropped. A read 70 s more,
    // the page was reloaded offline, and view B read 50 s: both entries arrive in one batch.
    await recordBeat(USERS.readerA1.id, beat("view-offline-a", 30), new Date(Date.now() - 200_000));
    const response = await post({ beats: [beat("view-offline-a", 100), beat("view-offline-b", 50)] });
    expect(response.status).toBe(200);
    const row = await (await getDb()).sectionProgress.findUniqueOrThrow({
      where: { userId_materialSlug_sectionSlug: { userId: USERS.readerA1.id, materialSlug: MATERIAL, sectionSlug: "part-3" } },
    });
    expect(row.activeSeconds).toBe(30 + 70 + 50);
  });
});

describe("继续学习", () => {
  it("leads to the section read most recently, at its last paragraph, not to the first unfinished one", async () => {
    const { getSection } = await import("@/lib/content");
    const { recordBeat } = await import("@/lib/progress/store");
    const { getReaderMaterialProgress } = await import("@/lib/progress/read");
    const ids = (slug: string) => getSection(MATERIAL, slug)!.section.paragraphs.map((p) => p.id);
    const version = (slug: string) => getSection(MATERIAL, slug)!.section.version;
    const read = (slug: string, paragraphs: string[], at: string, viewId: string) =>
      recordBeat(USERS.readerA1.id, { material: MATERIAL, section: slug, version: version(slug), viewId, paragraphs, activeSeconds: 10 }, new Date(at));
    const userId = USERS.readerA1.id;
    // Never read: the first section, with no paragraph.
    expect((await getReaderMaterialProgress(userId, MATERIAL))!.continueHref).toBe(`/materials/${MATERIAL}/intro`);
    // part-3 read to its middle after part-1 was started: part-3 at its last paragraph read.
    const part3 = ids("part-3");
    const middle = part3[Math.floor(part3.length / 2)]!;
    await read("part-1", ids("part-1").slice(0, 1), "2026-06-01T08:00:00Z", "view-cont-0001");
    await read("part-3", part3.slice(0, part3.indexOf(middle) + 1), "2026-06-01T08:10:00Z", "view-cont-0002");
    expect((await getReaderMaterialProgress(userId, MATERIAL))!.continueHref).toBe(`/materials/${MATERIAL}/part-3#${middle}`);
    // Back to part-1 later: now that one.
    await read("part-1", ids("part-1").slice(0, 2), "2026-06-01T09:00:00Z", "view-cont-0003");
    expect((await getReaderMaterialProgress(userId, MATERIAL))!.continueHref).toBe(`/materials/${MATERIAL}/part-1#${ids("part-1")[1]}`);
  });

  it("moves on to the next unfinished section once the most recent one is done", async () => {
    const { getSection } = await import("@/lib/content");
    const { getContinueHref } = await import("@/lib/progress/read");
    const { computeSectionStatus } = await import("@/lib/progress/status");
    const material = (await import("@/lib/content")).getMaterial(MATERIAL)!;
    const statuses = material.sections.map((s) => computeSectionStatus(s, undefined));
    const at = (slug: string) => statuses.findIndex((s) => s.slug === slug);
    statuses[at("part-8")] = { ...statuses[at("part-8")]!, state: "done" };
    statuses[at("part-9")] = { ...statuses[at("part-9")]!, state: "reading", lastParagraphId: getSection(MATERIAL, "part-9")!.section.paragraphs[0]!.id };
    expect(getContinueHref(MATERIAL, statuses, "part-8")).toBe(`/materials/${MATERIAL}/part-9#${statuses[at("part-9")]!.lastParagraphId}`);
    // Everything after the most recent one done: back to the first unfinished one.
    for (const slug of ["part-9", "summary"]) statuses[at(slug)] = { ...statuses[at(slug)]!, state: "done" };
    expect(getContinueHref(MATERIAL, statuses, "part-8")).toBe(`/materials/${MATERIAL}/intro`);
    for (const s of statuses) s.state = "done";
    expect(getContinueHref(MATERIAL, statuses, "part-8")).toBeNull();
  });
});
