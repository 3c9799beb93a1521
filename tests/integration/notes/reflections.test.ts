import { describe, expect, it, vi } from "vitest";
import { NOTE_RULES } from "@/lib/notes/rules";
import { ASSIGNMENT, signInAs, USERS, useAccountFixture, type UserKey } from "../admin/fixtures";
import { call, MATERIAL, routes } from "./helpers";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

/** `section` null: the reflection on the whole material. */
async function save(user: UserKey, body: string, rev: number, section: string | null = "part-1") {
  await signInAs(user);
  const { PUT } = await routes.reflections();
  return call(PUT, { method: "PUT", path: "/api/reflections", body: { material: MATERIAL, ...(section ? { section } : {}), body, rev } });
}

async function submit(user: UserKey, rev: number, section: string | null = "part-1") {
  await signInAs(user);
  const { POST } = await routes.submission();
  return call(POST, { method: "POST", path: "/api/reflections/submission", body: { material: MATERIAL, ...(section ? { section } : {}), rev } });
}

const actor = (key: UserKey) => ({ id: USERS[key].id, role: USERS[key].role, unitPath: { 1: "/1/", 2: "/1/2/", 3: "/1/2/3/", 4: "/1/4/" }[USERS[key].unitId]! });

describe("心得: saving", () => {
  it("creates with revision 0, then edits by revision; a stale revision is a 409 with the stored text", async () => {
    const created = await save("readerA", "第一稿", 0);
    expect(created.status).toBe(200);
    expect(created.json.reflection).toMatchObject({ body: "第一稿", rev: 1, submittedAt: null, sectionSlug: "part-1" });
    expect((await save("readerA", "第二稿", 1)).json.reflection).toMatchObject({ body: "第二稿", rev: 2 });
    const stale = await save("readerA", "另一个窗口", 1);
    expect(stale.status).toBe(409);
    expect(stale.json.current).toEqual({ body: "第二稿", rev: 2 });
    const again = await save("readerA", "又一个新建", 0);
    expect(again.status).toBe(409);
  });

  it("keeps one reflection per section and one per material, separately", async () => {
    await save("readerA", "本节心得", 0, "part-1");
    await save("readerA", "全文心得", 0, null);
    const { GET } = await routes.notes();
    const data = await call(GET, { method: "GET", path: `/api/notes?material=${MATERIAL}&section=part-1` });
    expect(data.json.sectionReflection).toMatchObject({ body: "本节心得", sectionSlug: "part-1" });
    expect(data.json.materialReflection).toMatchObject({ body: "全文心得", sectionSlug: null });
  });

  it("refuses more than 20,000 characters with a clear message, and an unknown section", async () => {
    const over = await save("readerA", "字".repeat(NOTE_RULES.maxReflectionChars + 1), 0);
    expect(over.status).toBe(422);
    expect(over.json.message).toBe("心得最多 20,000 字");
    expect((await save("readerA", "x", 0, "no-such-section")).status).toBe(404);
  });
});

describe("心得: submitting to the unit", () => {
  it("is private until submitted; then the reader's unit administrators (subtree) and system administrators see the submitted copy", async () => {
    const { getSubmittedReflectionInScope, listSubmittedReflectionsInScope } = await import("@/lib/notes/reflections");
    await save("readerA1", "一科学员的心得", 0);
    for (const admin of ["adminA", "adminB", "sys"] as const) expect(await listSubmittedReflectionsInScope(actor(admin))).toEqual([]);

    const submitted = await submit("readerA1", 1);
    expect(submitted.status).toBe(200);
    expect(submitted.json.reflection).toMatchObject({ submittedAt: expect.any(String), canWithdraw: true });

    const seenByA = await listSubmittedReflectionsInScope(actor("adminA"));
    expect(seenByA).toEqual([expect.objectContaining({ submittedBody: "一科学员的心得", author: expect.objectContaining({ account: "reader-a1" }), sectionTitle: expect.any(String) })]);
    expect(await listSubmittedReflectionsInScope(actor("sys"))).toHaveLength(1);
    expect(await listSubmittedReflectionsInScope(actor("adminB"))).toEqual([]);
    const id = seenByA[0]!.id;
    await expect(getSubmittedReflectionInScope(actor("adminB"), id)).rejects.toMatchObject({ name: "NotFoundError" });
    await expect(getSubmittedReflectionInScope(actor("readerB"), id)).rejects.toMatchObject({ name: "ForbiddenError" });

    // Edited after submitting: the administrator still sees what was handed in.
    await save("readerA1", "提交后私下改的", 1);
    expect((await getSubmittedReflectionInScope(actor("adminA"), id)).submittedBody).toBe("一科学员的心得");
  });

  it("submits exactly the revision the reader saw (409 otherwise) and refuses an empty one", async () => {
    await save("readerA", "写了一半", 0);
    await save("readerA", "写完了", 1);
    const stale = await submit("readerA", 1);
    expect(stale.status).toBe(409);
    await save("readerB", "   ", 0);
    const empty = await submit("readerB", 1);
    expect(empty.status).toBe(422);
    expect(empty.json.message).toContain("心得是空的");
    expect((await submit("readerA1", 1)).status).toBe(404);
  });

  it("can be withdrawn before the assignment's due day ends, and is private again", async () => {
    const { listSubmittedReflectionsInScope } = await import("@/lib/notes/reflections");
    await save("readerA1", "要撤回的心得", 0);
    await submit("readerA1", 1);
    await signInAs("readerA1");
    const { DELETE } = await routes.submission();
    const withdrawn = await call(DELETE, { method: "DELETE", path: "/api/reflections/submission", body: { material: MATERIAL, section: "part-1" } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.reflection).toMatchObject({ submittedAt: null, body: "要撤回的心得" });
    expect(await listSubmittedReflectionsInScope(actor("sys"))).toEqual([]);
    const twice = await call(DELETE, { method: "DELETE", path: "/api/reflections/submission", body: { material: MATERIAL, section: "part-1" } });
    expect(twice.status).toBe(409);
  });

  it("refuses withdrawal through the route once the due day of the reader's assignment has passed", async () => {
    const { getDb } = await import("@/lib/db");
    await save("readerA1", "截止后提交的心得", 0);
    await submit("readerA1", 1);
    // The fixture assigns the material to 甲处一科 (readerA1's unit); its due day is now yesterday.
    const yesterday = new Date(Date.now() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await (await getDb()).assignment.update({ where: { id: ASSIGNMENT.id }, data: { startDate: "2026-01-01", dueDate: yesterday } });
    await signInAs("readerA1");
    const { DELETE } = await routes.submission();
    const refused = await call(DELETE, { method: "DELETE", path: "/api/reflections/submission", body: { material: MATERIAL, section: "part-1" } });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: "past_due", message: "已过截止时间，不能撤回" });
    // A reader whose unit has no assignment (乙处) may still withdraw.
    await save("readerB", "乙处的心得", 0);
    await submit("readerB", 1);
    await signInAs("readerB");
    expect((await call(DELETE, { method: "DELETE", path: "/api/reflections/submission", body: { material: MATERIAL, section: "part-1" } })).status).toBe(200);
  });

  it("refuses withdrawal after a due date when one is given (the rule itself)", async () => {
    const { withdrawMyReflection } = await import("@/lib/notes/reflections");
    await save("readerA1", "截止后不能撤回", 0);
    await submit("readerA1", 1);
    const key = { material: MATERIAL, section: "part-1" };
    const now = new Date();
    await expect(withdrawMyReflection(USERS.readerA1.id, key, { dueAt: new Date(now.getTime() - 60_000), now })).rejects.toMatchObject({ status: 409, code: "past_due" });
    await expect(withdrawMyReflection(USERS.readerA1.id, key, { dueAt: new Date(now.getTime() + 60_000), now })).resolves.toMatchObject({ submittedAt: null });
  });

  it("shows a reader's submitted 心得 on the administrator's person page, only within the administrator's scope", async () => {
    const { listSubmittedReflectionsOf } = await import("@/lib/notes/reflections");
    await save("readerA1", "已提交的一稿", 0);
    await submit("readerA1", 1);
    await save("readerA1", "提交后又改的私有稿", 1);
    const seen = await listSubmittedReflectionsOf(actor("adminA"), USERS.readerA1.id);
    expect(seen.map((r) => r.submittedBody)).toEqual(["已提交的一稿"]);
    expect(await listSubmittedReflectionsOf(actor("adminB"), USERS.readerA1.id)).toEqual([]);
    expect(await listSubmittedReflectionsOf(actor("sys"), USERS.readerA1.id)).toHaveLength(1);
  });

  it("another reader cannot submit or withdraw someone else's 心得 (they only ever act on their own)", async () => {
    await save("readerA1", "一科学员的心得", 0);
    expect((await submit("readerB", 1)).status).toBe(404);
    const { getDb } = await import("@/lib/db");
    expect((await (await getDb()).reflection.findFirstOrThrow({ where: { userId: USERS.readerA1.id } })).submittedAt).toBeNull();
  });
});

describe("re-anchoring and 我的笔记", () => {
  it("places notes made on an earlier version, lists those whose passage is gone as orphans, and drops none", async () => {
    const { getDb } = await import("@/lib/db");
    const { getSection } = await import("@/lib/content");
    const { getMyNotebook } = await import("@/lib/notes/notebook");
    const db = await getDb();
    const section = getSection(MATERIAL, "part-2")!.section;
    const paragraph = section.paragraphs[1]!;
    const quote = paragraph.text.slice(30, 50);
    const now = new Date();
    const base = { userId: USERS.readerA.id, materialSlug: MATERIAL, sectionSlug: "part-2", version: "0123456789ab", createdAt: now, updatedAt: now };
    // Made on an older version: another paragraph id and offset, but the quote and its context are still there.
    await db.note.create({
      data: { ...base, id: "old-version-note-0001", paragraphId: "p-00000000aa", startOffset: 3, quote, prefix: paragraph.text.slice(20, 30), suffix: paragraph.text.slice(50, 60), body: "旧版本上的笔记" },
    });
    await db.note.create({
      data: { ...base, id: "old-version-note-0002", paragraphId: "p-00000000bb", startOffset: 0, quote: "修订时整段删掉的一句话，现在已经找不到了", prefix: "", suffix: "", body: "原文已修改的笔记" },
    });
    const notebook = await getMyNotebook({ id: USERS.readerA.id, name: "甲处学员" });
    const part2 = notebook.materials[0]!.sections.find((s) => s.slug === "part-2")!;
    expect(part2.notes.map((n) => [n.id, n.placement])).toEqual([["old-version-note-0001", { paragraphId: paragraph.id, start: 30, end: 50 }]]);
    expect(part2.orphans.map((n) => [n.id, n.quote])).toEqual([["old-version-note-0002", "修订时整段删掉的一句话，现在已经找不到了"]]);
  });

  it("filters 我的笔记 by section and finds Chinese words anywhere in a note", async () => {
    const { getDb } = await import("@/lib/db");
    const { getMyNotebook } = await import("@/lib/notes/notebook");
    const { filterNotebook } = await import("@/lib/notes/filter");
    const { getSection } = await import("@/lib/content");
    const db = await getDb();
    const now = new Date();
    for (const [i, section, body] of [
      [1, "part-1", "要坚持精准扶贫、精准脱贫"],
      [2, "part-3", "扶贫要精准，这是第三部分的体会"],
      [3, "part-3", "与搜索无关的笔记"],
    ] as const) {
      const p = getSection(MATERIAL, section)!.section.paragraphs[0]!;
      await db.note.create({
        data: { id: `search-note-000${i}`, userId: USERS.readerA.id, materialSlug: MATERIAL, sectionSlug: section, paragraphId: p.id, version: "x", startOffset: 0, quote: p.text.slice(0, 10), prefix: "", suffix: p.text.slice(10, 20), body, createdAt: now, updatedAt: now },
      });
    }
    const notebook = await getMyNotebook({ id: USERS.readerA.id, name: "甲处学员" });
    const ids = (nb: typeof notebook) => nb.materials.flatMap((m) => m.sections.flatMap((s) => s.notes.map((n) => n.id)));
    expect(ids(filterNotebook(notebook, { q: "精准扶贫" }))).toEqual(["search-note-0001"]);
    expect(ids(filterNotebook(notebook, { q: "扶贫" }))).toEqual(["search-note-0001", "search-note-0002"]);
    expect(ids(filterNotebook(notebook, { material: MATERIAL, section: "part-3" }))).toEqual(["search-note-0002", "search-note-0003"]);
    expect(ids(filterNotebook(notebook, { section: "part-3", q: "扶贫" }))).toEqual(["search-note-0002"]);
  });
});
