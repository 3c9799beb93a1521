// Materials published from the browser (lib/materials/store.ts), on the small account fixture:
//   省局 ROOT ─ 甲处 A (adminA) ─ 甲处一科 A1 (readerA1) ─ 甲处一组 A1X;  乙处 B (adminB, readerB)
import { describe, expect, it, vi } from "vitest";
import type { ImportedParagraph, ImportedSection } from "@/lib/materials/import";
import { XSS_PAYLOADS } from "../../fixtures/xss-payloads";
import { UNITS, actorOf } from "../admin/fixtures";
import { usePublishingFixture } from "./fixture";

vi.mock("next/headers", () => import("../helpers/next-request"));

usePublishingFixture();

const actor = actorOf;

async function lib() {
  const [{ getDb }, store, errors, importErrors, markdown] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/materials/store"),
    import("@/lib/materials/errors"),
    import("@/lib/materials/import/errors"),
    import("@/lib/content/markdown"),
  ]);
  return { db: await getDb(), ...store, ...errors, ...importErrors, ...markdown };
}

const p = (text: string, flags: ImportedParagraph["flags"] = []): ImportedParagraph => ({ kind: "paragraph", text, flags });

function sections(): ImportedSection[] {
  return [
    { slug: "intro", title: "导言", paragraphs: [p("学习贯彻党的二十大精神。"), p("全面推进乡村振兴。")] },
    { slug: "part-1", title: "第一部分", paragraphs: [p("一是坚持党的全面领导。"), p("二是坚持人民至上。"), p("登录会员查看全文", ["junk"])] },
    { slug: "summary", title: "结语", paragraphs: [p("团结奋斗，开创新局。")] },
  ];
}

const input = (slug: string, audienceUnitId: number | null = null) => ({ slug, title: "二十大精神学习", audienceUnitId, sections: sections(), dropFlagged: ["junk" as const] });

/** Every row the store writes, to check that a refused request left nothing behind. */
async function snapshot() {
  const { db } = await lib();
  return Promise.all([
    db.publishedMaterial.findMany({ orderBy: { slug: "asc" } }),
    db.publishedMaterialRevision.count(),
    db.publishedSection.count(),
    db.sectionRevision.count(),
    db.materialsVersion.findMany(),
    db.auditLog.count(),
  ]);
}

describe("publishing a material", () => {
  it("stores the importer's Markdown, reads it back, records its section versions and audits it", async () => {
    const { publishMaterial, getPublishedMaterial, getMaterialsVersion, renderMarkdown, db } = await lib();
    const version = await getMaterialsVersion();
    await expect(publishMaterial(actor("sys"), input("study-20"))).resolves.toEqual({ slug: "study-20", revision: 1, sections: 3 });
    expect(await getMaterialsVersion()).toBe(version + 1);
    const material = (await getPublishedMaterial("study-20"))!;
    expect(material).toMatchObject({ title: "二十大精神学习", description: "二十大精神学习", status: "PUBLISHED", revision: 1, latestRevision: 1, audiencePath: null });
    expect(material.sections.map((s) => s.slug)).toEqual(["intro", "part-1", "summary"]);
    // Exactly the importer's Markdown, without the flagged paywall line.
    expect(material.sections[1]!.body).toBe("一是坚持党的全面领导。\n\n二是坚持人民至上。\n");
    // Progress and notes find the version's paragraphs where they find those of content/ files.
    const row = await db.sectionRevision.findUnique({
      where: { materialSlug_sectionSlug_version: { materialSlug: "study-20", sectionSlug: "part-1", version: material.sections[1]!.version } },
    });
    expect(JSON.parse(row!.paragraphs)).toEqual(renderMarkdown(material.sections[1]!.body).paragraphs.map(({ id, text }) => ({ id, text })));
    const audit = await db.auditLog.findFirst({ where: { action: "material.publish" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: actor("sys").id, targetType: "material", targetId: "study-20" });
    expect(audit!.detail).not.toMatch(/坚持|导言/u);
  });

  it("refuses bad input with a typed Chinese error and stores nothing", async () => {
    const { publishMaterial, MaterialImportError, MaterialStoreError } = await lib();
    await publishMaterial(actor("sys"), input("taken"));
    const before = await snapshot();
    const cases: Array<[unknown, string, typeof MaterialImportError | typeof MaterialStoreError]> = [
      [input("deep-poverty-speech"), "slug-exists", MaterialImportError], // a content/ folder
      [input("taken"), "slug-exists", MaterialImportError],
      [input("Bad Slug"), "invalid-slug", MaterialImportError],
      [{ ...input("empty"), sections: [] }, "no-sections", MaterialImportError],
      [{ ...input("only-junk"), sections: [{ slug: "a", title: "甲", paragraphs: [p("扫码阅读全文", ["junk"])] }] }, "no-sections", MaterialImportError],
      [{ ...input("long"), sections: [{ slug: "a", title: "甲", paragraphs: Array.from({ length: 5000 }, (_, i) => p(`第${i}段。`)) }] }, "section-too-long", MaterialImportError],
      [{ ...input("twice"), sections: [sections()[0]!, sections()[0]!] }, "duplicate-section", MaterialStoreError],
      [{ ...input("no-title"), title: "  " }, "invalid-title", MaterialImportError],
      [input("nowhere", 999), "unknown-audience", MaterialStoreError],
    ];
    for (const [bad, code, type] of cases) {
      const error = await publishMaterial(actor("sys"), bad as ReturnType<typeof input>).catch((e: unknown) => e);
      expect(error, code).toBeInstanceOf(type);
      expect((error as { code: string }).code).toBe(code);
      expect((error as Error).message).toMatch(/[\u4e00-\u9fff]/u);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("escapes hostile text so the content sanitizer renders it as inert text", async () => {
    const { publishMaterial, getPublishedMaterial, renderMarkdown } = await lib();
    const hostile = [...XSS_PAYLOADS, "[点我](javascript:alert(1))", "<script>alert(1)</script>"];
    await publishMaterial(actor("sys"), { ...input("hostile"), sections: [{ slug: "a", title: "<script>alert(1)</script>", paragraphs: hostile.map((t) => p(t)) }] });
    const material = (await getPublishedMaterial("hostile"))!;
    const { html, paragraphs } = renderMarkdown(material.sections[0]!.body);
    // Only paragraphs: every payload's markup is text (&#x3C;…), never an element or attribute.
    expect(new Set(html.match(/<\/?[a-z][a-z0-9]*/giu))).toEqual(new Set(["<p", "</p"]));
    expect(new Set(html.match(/<p [^>]*>/gu)!.map((tag) => tag.replace(/"p-[0-9a-f-]+"/u, "\"ID\"")))).toEqual(new Set(['<p id="ID">']));
    // Every payload is still there, as the text a reader sees.
    expect(paragraphs.map((x) => x.text)).toEqual(hostile);
    expect(material.sections[0]!.title).toBe("<script>alert(1)</script>");
    // A body that bypassed the importer's escaping (a database edited by hand) still meets the sanitizer.
    const raw = renderMarkdown("<script>alert(1)</script>\n\n[点我](javascript:alert(1)) <img src=x onerror=alert(1)>\n").html;
    expect(raw).not.toMatch(/<script|<img|javascript:|onerror/iu);
  });
});

describe("who may publish, revise and archive", () => {
  it("system administrators anywhere, unit administrators in their subtree only, readers never", async () => {
    const { publishMaterial, reviseMaterial, archiveMaterial, listMaterialsFor, MaterialStoreError } = await lib();
    const code = (promise: Promise<unknown>) => promise.then(() => "ok", (e: unknown) => (e instanceof MaterialStoreError ? e.code : String(e)));
    const before = await snapshot();
    expect(await code(publishMaterial(actor("readerA"), input("r", UNITS.a.id)))).toBe("forbidden");
    expect(await code(publishMaterial(actor("adminA"), input("r", null)))).toBe("audience-outside-scope");
    expect(await code(publishMaterial(actor("adminA"), input("r", UNITS.root.id)))).toBe("audience-outside-scope");
    expect(await code(publishMaterial(actor("adminA"), input("r", UNITS.b.id)))).toBe("audience-outside-scope");
    expect(await snapshot()).toEqual(before);

    expect(await code(publishMaterial(actor("adminA"), input("for-a1", UNITS.a1.id)))).toBe("ok");
    expect(await code(publishMaterial(actor("sys"), input("for-all")))).toBe("ok");
    expect(await code(publishMaterial(actor("sys"), input("for-b", UNITS.b.id)))).toBe("ok");

    const revised = { title: "修订", sections: sections() };
    expect(await code(reviseMaterial(actor("adminB"), "for-a1", revised))).toBe("audience-outside-scope");
    expect(await code(reviseMaterial(actor("readerA1"), "for-a1", revised))).toBe("forbidden");
    expect(await code(reviseMaterial(actor("adminA"), "for-all", revised))).toBe("audience-outside-scope");
    expect(await code(archiveMaterial(actor("adminB"), "for-a1"))).toBe("audience-outside-scope");
    expect(await code(reviseMaterial(actor("adminA"), "for-a1", revised))).toBe("ok");
    expect(await code(reviseMaterial(actor("sysA"), "for-b", revised))).toBe("ok");
    expect(await code(reviseMaterial(actor("sys"), "missing", revised))).toBe("not-found");

    const seen = async (key: Parameters<typeof actor>[0]) =>
      (await listMaterialsFor(actor(key))).map((m) => `${m.slug}:${m.canRead ? "r" : ""}${m.canManage ? "m" : ""}`);
    expect(await seen("sys")).toEqual(["for-a1:m", "for-all:rm", "for-b:m"]);
    expect(await seen("adminA")).toEqual(["for-a1:m", "for-all:r"]);
    expect(await seen("adminB")).toEqual(["for-all:r", "for-b:rm"]);
    expect(await seen("readerA1")).toEqual(["for-a1:r", "for-all:r"]);
    expect(await seen("readerA")).toEqual(["for-all:r"]);
    expect(await seen("readerB")).toEqual(["for-all:r", "for-b:r"]);

    expect(await code(archiveMaterial(actor("adminA"), "for-a1"))).toBe("ok");
    expect(await seen("readerA1")).toEqual(["for-all:r"]);
    expect(await seen("adminA")).toEqual(["for-a1:m", "for-all:r"]);
  });
});

describe("revising a material", () => {
  it("stores new rows for changed sections only, keeps earlier revisions and returns the paragraph diff", async () => {
    const { publishMaterial, reviseMaterial, getPublishedMaterial, listMaterialRevisions, getMaterialsVersion, db } = await lib();
    await publishMaterial(actor("sys"), input("rev"));
    const version = await getMaterialsVersion();
    const next = sections();
    next[0]!.paragraphs[1] = p("全面推进乡村振兴，加快建设农业强国。"); // changed
    next[0]!.paragraphs.push(p("新增的一段。")); // added
    next[1]!.paragraphs.splice(0, 1); // removed
    next.pop(); // section removed
    next.push({ slug: "part-2", title: "第二部分", paragraphs: [p("新的一节。")] });
    const result = await reviseMaterial(actor("sys"), "rev", { title: "二十大精神学习", sections: next, dropFlagged: ["junk"] });
    expect(result.revision).toBe(2);
    expect(await getMaterialsVersion()).toBe(version + 1);
    const byslug = Object.fromEntries(result.diff.map((d) => [d.slug, d]));
    expect(byslug.intro!.state).toBe("changed");
    expect(byslug.intro!.changes).toEqual([
      { kind: "changed", before: expect.objectContaining({ text: "全面推进乡村振兴。" }), after: expect.objectContaining({ text: "全面推进乡村振兴，加快建设农业强国。" }) },
      { kind: "added", after: expect.objectContaining({ text: "新增的一段。" }) },
    ]);
    expect(byslug["part-1"]!.counts).toEqual({ added: 0, changed: 0, removed: 1 });
    expect(byslug.summary).toMatchObject({ state: "removed", counts: { added: 0, changed: 0, removed: 1 } });
    expect(byslug["part-2"]).toMatchObject({ state: "added", counts: { added: 1, changed: 0, removed: 0 } });

    const latest = (await getPublishedMaterial("rev"))!;
    expect(latest.sections.map((s) => [s.slug, s.revision])).toEqual([["intro", 2], ["part-1", 2], ["part-2", 2]]);
    const first = (await getPublishedMaterial("rev", { revision: 1 }))!;
    expect(first.sections.map((s) => s.slug)).toEqual(["intro", "part-1", "summary"]);
    expect(first.sections[0]!.body).toBe("学习贯彻党的二十大精神。\n\n全面推进乡村振兴。\n");

    // A revision touching one section writes one row; the others point at revision 2's.
    const third = structuredClone(next);
    third[2]!.title = "第二部分 · 新题";
    const r3 = await reviseMaterial(actor("sys"), "rev", { title: "二十大精神学习", sections: third, dropFlagged: ["junk"] });
    expect(r3.diff.find((d) => d.slug === "part-2")).toMatchObject({ state: "changed", previousTitle: "第二部分", changes: [] });
    expect(await db.publishedSection.count({ where: { materialSlug: "rev", revision: 3 } })).toBe(1);
    expect((await getPublishedMaterial("rev"))!.sections.map((s) => s.revision)).toEqual([2, 2, 3]);
    expect((await listMaterialRevisions(actor("sys"), "rev")).map((r) => [r.revision, r.sections])).toEqual([[3, 3], [2, 3], [1, 3]]);
    const audit = await db.auditLog.findFirst({ where: { action: "material.revise", targetId: "rev" }, orderBy: { id: "asc" } });
    expect(JSON.parse(audit!.detail!)).toEqual({ revision: 2, sectionsWritten: 3, sectionsRemoved: 1, paragraphsAdded: 2, paragraphsChanged: 1, paragraphsRemoved: 2 });

    // The same text again stores nothing and leaves the version alone.
    const versionBefore = await getMaterialsVersion();
    await expect(reviseMaterial(actor("sys"), "rev", { title: "二十大精神学习", sections: third, dropFlagged: ["junk"] })).resolves.toMatchObject({ revision: 3, changed: false });
    expect(await getMaterialsVersion()).toBe(versionBefore);
  });

  it("refuses an archived material, and archiving twice, and moves the version on archive", async () => {
    const { publishMaterial, reviseMaterial, archiveMaterial, getPublishedMaterial, getMaterialsVersion, MaterialStoreError } = await lib();
    await publishMaterial(actor("sys"), input("old"));
    const version = await getMaterialsVersion();
    await archiveMaterial(actor("sys"), "old");
    expect(await getMaterialsVersion()).toBe(version + 1);
    expect((await getPublishedMaterial("old"))!.status).toBe("ARCHIVED");
    const before = await snapshot();
    await expect(reviseMaterial(actor("sys"), "old", { title: "新", sections: sections() })).rejects.toMatchObject({ code: "archived", message: expect.stringContaining("已归档") });
    await expect(archiveMaterial(actor("sys"), "old")).rejects.toBeInstanceOf(MaterialStoreError);
    expect(await snapshot()).toEqual(before);
  });

  it("gives concurrent revisions distinct, consecutive revision numbers", async () => {
    const { publishMaterial, reviseMaterial, getPublishedMaterial, listMaterialRevisions, getMaterialsVersion } = await lib();
    await publishMaterial(actor("sys"), input("busy"));
    const version = await getMaterialsVersion();
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => {
        const text = sections();
        text[0]!.paragraphs.push(p(`第${i}位管理员加的一段。`));
        return reviseMaterial(actor(i % 2 ? "sys" : "sysA"), "busy", { title: "二十大精神学习", sections: text });
      }),
    );
    expect(results.map((r) => r.revision).sort()).toEqual([2, 3, 4, 5]);
    expect((await listMaterialRevisions(actor("sys"), "busy")).map((r) => r.revision)).toEqual([5, 4, 3, 2, 1]);
    expect((await getPublishedMaterial("busy"))!.latestRevision).toBe(5);
    expect(await getMaterialsVersion()).toBe(version + 4);
  });

  it("never stores a revision after an archive that got there first", async () => {
    const { publishMaterial, reviseMaterial, archiveMaterial, getPublishedMaterial, db } = await lib();
    await publishMaterial(actor("sys"), input("race-archive"));
    const text = sections();
    text[0]!.paragraphs.push(p("归档前的修订。"));
    const [revised] = await Promise.allSettled([reviseMaterial(actor("sysA"), "race-archive", { title: "二十大精神学习", sections: text }), archiveMaterial(actor("sys"), "race-archive")]);
    const material = (await getPublishedMaterial("race-archive"))!;
    expect(material.status).toBe("ARCHIVED");
    // Either the revision landed before the archive, or it was refused and left nothing behind.
    const stored = await db.publishedMaterialRevision.count({ where: { materialSlug: "race-archive" } });
    if (revised.status === "fulfilled") expect([stored, material.latestRevision]).toEqual([2, 2]);
    else expect([(revised.reason as { code: string }).code, stored, material.latestRevision]).toEqual(["archived", 1, 1]);
  });

  it("lets exactly one of two concurrent publishes of one slug through", async () => {
    const { publishMaterial, db } = await lib();
    const results = await Promise.allSettled([publishMaterial(actor("sys"), input("race")), publishMaterial(actor("sysA"), input("race"))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "slug-exists" } });
    expect(await db.publishedMaterialRevision.count({ where: { materialSlug: "race" } })).toBe(1);
  });
});
