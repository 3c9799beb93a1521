// Materials published from the browser, on the reader's side: who sees them, beats and notes on
// them, assignments and reminders, search, the catalogue, and a change made by another instance.
// Account fixture:  省局 ROOT ─ 甲处 A (adminA, readerA) ─ 甲处一科 A1 (readerA1);  乙处 B (adminB, readerB)
import { describe, expect, it, vi } from "vitest";
import type { ImportedSection } from "@/lib/materials/import";
import { ASSIGNMENT, UNITS, actorOf, signInAs, type UserKey } from "../admin/fixtures";
import { paragraph as p, usePublishingFixture } from "./fixture";

vi.mock("next/headers", () => import("../helpers/next-request"));

usePublishingFixture();

const SECTIONS: ImportedSection[] = [
  { slug: "intro", title: "导言", paragraphs: [p("学习贯彻全会精神，推动基层治理现代化。"), p("坚持和发展新时代枫桥经验。")] },
  { slug: "part-1", title: "第一部分", paragraphs: [p("一是健全矛盾纠纷多元化解机制。"), p("二是完善网格化管理服务。")] },
];

async function lib() {
  const [{ getDb }, store, content] = await Promise.all([import("@/lib/db"), import("@/lib/materials/store"), import("@/lib/content")]);
  return { db: await getDb(), ...store, ...content };
}

async function publish(slug: string, audienceUnitId: number | null) {
  const { publishMaterial } = await lib();
  await publishMaterial(actorOf("sysA"), { slug, title: `基层治理学习（${slug}）`, audienceUnitId, sections: SECTIONS });
}

async function beat(user: UserKey, material: string, section = "intro") {
  const { answerBeats } = await import("@/lib/progress/answer-beats");
  const { getSection } = await lib();
  const view = getSection(material, section);
  const body = {
    material,
    section,
    version: view?.section.version ?? "v",
    viewId: `view-${user}-${material}-${section}`.slice(0, 60),
    paragraphs: view ? [view.section.paragraphs[0]!.id] : ["p-0000000000"],
    activeSeconds: 5,
  };
  return answerBeats({ user: actorOf(user), sameOrigin: true, readBody: async () => Buffer.from(JSON.stringify(body)) });
}

describe("who reads a published material", () => {
  it("is listed, opened and searched by its audience only, and hidden from everyone once archived", async () => {
    await publish("for-all", null);
    await publish("for-a1", UNITS.a1.id);
    const { listReadableMaterials, getReadableSection, searchContent, getMaterial, archiveMaterial } = await lib();
    const slugs = (key: UserKey) => listReadableMaterials(actorOf(key)).map((m) => m.slug);
    expect(slugs("readerA1")).toEqual(expect.arrayContaining(["deep-poverty-speech", "for-all", "for-a1"]));
    expect(slugs("readerB")).toContain("for-all");
    expect(slugs("readerB")).not.toContain("for-a1");
    // 甲处 is above 一科: a material for 一科 is not for 甲处's own readers.
    expect(slugs("readerA")).not.toContain("for-a1");
    expect(getReadableSection(actorOf("readerA1"), "for-a1", "part-1")?.section.title).toBe("第一部分");
    expect(getReadableSection(actorOf("readerB"), "for-a1", "part-1")).toBeUndefined();
    // Public reading (no one signed in) sees whole-portal materials only.
    expect(listReadableMaterials(null).map((m) => m.slug)).not.toContain("for-a1");

    const hits = (key: UserKey) => searchContent(["枫桥经验"], actorOf(key)).hits.map((h) => h.materialSlug);
    expect(hits("readerA1").sort()).toEqual(["for-a1", "for-all"]);
    expect(hits("readerB")).toEqual(["for-all"]);

    await archiveMaterial(actorOf("sysA"), "for-all");
    expect(slugs("readerB")).not.toContain("for-all");
    expect(hits("readerB")).toEqual([]);
    // Kept for reports and exports.
    expect(getMaterial("for-all")?.access.status).toBe("ARCHIVED");
  });

  it("accepts beats and notes from its audience and refuses everyone else like an unknown section", async () => {
    await publish("for-a1", UNITS.a1.id);
    expect((await beat("readerA1", "for-a1")).status).toBe(200);
    const refused = await beat("readerB", "for-a1");
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).toMatch(/找不到这一节/u);

    const { getSection, db } = await lib();
    const section = getSection("for-a1", "intro")!.section;
    const paragraph = section.paragraphs[0]!;
    const note = (key: UserKey, id: string) => ({
      id, material: "for-a1", section: "intro", version: section.version, paragraphId: paragraph.id, start: 0, quote: paragraph.text.slice(0, 4), body: "",
    });
    const { POST } = await import("@/app/api/notes/route");
    const postNote = async (key: UserKey, id: string) => {
      await signInAs(key);
      return POST(new Request("http://portal.test/api/notes", {
        method: "POST",
        headers: { host: "portal.test", origin: "http://portal.test", "content-type": "application/json" },
        body: JSON.stringify(note(key, id)),
      }));
    };
    expect((await postNote("readerA1", "0c8b4f6e-1111-4a4a-8a8a-000000000001")).status).toBe(200);
    expect((await postNote("readerB", "0c8b4f6e-1111-4a4a-8a8a-000000000002")).status).toBe(404);
    expect(await db.note.count({ where: { materialSlug: "for-a1" } })).toBe(1);
    expect(await db.sectionProgress.count({ where: { materialSlug: "for-a1" } })).toBe(1);

    const { archiveMaterial } = await lib();
    await archiveMaterial(actorOf("sysA"), "for-a1");
    expect((await beat("readerA1", "for-a1")).status).toBe(404);
    // What was recorded stays.
    expect(await db.note.count({ where: { materialSlug: "for-a1" } })).toBe(1);
    expect(await db.sectionProgress.count({ where: { materialSlug: "for-a1" } })).toBe(1);
  });
});

describe("assignments of a published material", () => {
  it("go only to units in its audience, and close when it is archived", async () => {
    await publish("for-a", UNITS.a.id);
    const { createAssignment, listAssignableMaterials, listAssignments, sendReminders } = await import("@/lib/assignments");
    const { listMyTasks } = await import("@/lib/my-tasks");
    const { ConflictError } = await import("@/lib/db-errors");
    expect((await listAssignableMaterials(actorOf("adminB"))).map((m) => m.slug)).not.toContain("for-a");
    expect((await listAssignableMaterials(actorOf("adminA"))).map((m) => m.slug)).toContain("for-a");
    const dates = { startDate: "2026-01-01", dueDate: "2099-12-31" };
    await expect(createAssignment(actorOf("sysA"), { materialSlug: "for-a", unitId: UNITS.b.id, ...dates })).rejects.toThrow(/其他单位/u);
    const id = await createAssignment(actorOf("adminA"), { materialSlug: "for-a", unitId: UNITS.a1.id, ...dates });
    expect((await listMyTasks(actorOf("readerA1"))).map((t) => t.materialSlug)).toContain("for-a");

    const { archiveMaterial } = await lib();
    await archiveMaterial(actorOf("sysA"), "for-a");
    expect((await listMyTasks(actorOf("readerA1"))).map((t) => t.materialSlug)).not.toContain("for-a");
    expect((await listAssignments(actorOf("adminA"))).find((a) => a.id === id)).toMatchObject({ closed: true });
    await expect(sendReminders(actorOf("adminA"), id)).rejects.toBeInstanceOf(ConflictError);
    await expect(createAssignment(actorOf("adminA"), { materialSlug: "for-a", unitId: UNITS.a.id, ...dates })).rejects.toThrow(/已归档/u);
    // The built-in assignment of the fixture is untouched.
    expect((await listAssignments(actorOf("adminA"))).find((a) => a.id === ASSIGNMENT.id)).toMatchObject({ closed: false });
  });
});

describe("the catalogue and another instance's changes", () => {
  it("records the section list for the counters on publish and revision", async () => {
    await publish("counted", null);
    const { db, reviseMaterial } = await lib();
    const info = await db.materialInfo.findUnique({ where: { slug: "counted" } });
    expect(JSON.parse(info!.sections)).toEqual(["intro", "part-1"]);
    await reviseMaterial(actorOf("sysA"), "counted", {
      title: "基层治理学习（counted）",
      sections: [...SECTIONS, { slug: "summary", title: "结语", paragraphs: [p("久久为功，善作善成。")] }],
    });
    expect((await db.materialInfo.findUnique({ where: { slug: "counted" } }))!.sectionCount).toBe(3);
  });

  it("treats a revision like a changed content/ file: 本节内容已更新 with the changed paragraph, done again once it is read", async () => {
    await publish("revised", null);
    const { db, getSection, reviseMaterial } = await lib();
    const { insertSectionProgress } = await import("../helpers/progress");
    const { getMyMaterialProgress } = await import("@/lib/progress/read");
    const reader = actorOf("readerA1");
    const before = getSection("revised", "part-1")!.section;
    for (const slug of ["intro", "part-1"]) await insertSectionProgress(db, reader.id, "revised", getSection("revised", slug)!.section, new Date("2026-11-20T03:00:00Z"));
    expect((await getMyMaterialProgress(reader, "revised"))!.done).toBe(2);

    const changed = "二是完善网格化管理服务，做到底数清、情况明。";
    await reviseMaterial(actorOf("sysA"), "revised", {
      title: "基层治理学习（revised）",
      sections: [SECTIONS[0]!, { ...SECTIONS[1]!, paragraphs: [SECTIONS[1]!.paragraphs[0]!, p(changed)] }],
    });
    const after = getSection("revised", "part-1")!.section;
    expect(after.version).not.toBe(before.version);
    const newId = after.paragraphs.find((x) => x.text === changed)!.id;
    const mine = (await getMyMaterialProgress(reader, "revised"))!;
    expect(mine.done).toBe(1);
    expect(mine.sections[1]).toMatchObject({ state: "updated", changedParagraphIds: [newId] });

    // Reading the changed paragraph completes it again.
    const { recordBeat } = await import("@/lib/progress/store");
    await recordBeat(reader.id, { material: "revised", section: "part-1", version: after.version, viewId: "view-revised-reread", paragraphs: [newId], activeSeconds: 60 });
    expect((await getMyMaterialProgress(reader, "revised"))!.done).toBe(2);
  });

  it("serves what another instance wrote once it looks again (forced here; the server looks every second)", async () => {
    await publish("elsewhere", null);
    const { db, getMaterial, refreshPublishedMaterials } = await lib();
    // Another instance archives it: its rows and the shared version move, not this process's copy.
    await db.$transaction([
      db.publishedMaterial.update({ where: { slug: "elsewhere" }, data: { status: "ARCHIVED" } }),
      db.materialsVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } }),
    ]);
    expect(getMaterial("elsewhere")?.access.status).toBe("PUBLISHED");
    expect(await refreshPublishedMaterials({ force: true })).toBe(true);
    expect(getMaterial("elsewhere")?.access.status).toBe("ARCHIVED");
    // Nothing moved since: a look finds nothing to reload.
    expect(await refreshPublishedMaterials({ force: true })).toBe(false);
  });
});
