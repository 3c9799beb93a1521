import { describe, expect, it, vi } from "vitest";
import { NOTE_RULES } from "@/lib/notes/rules";
import { signInAs, useAccountFixture } from "../admin/fixtures";
import { call, createBody, createNoteAs, MATERIAL, routes } from "./helpers";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

async function noteRow(id: string) {
  const { getDb } = await import("@/lib/db");
  return (await getDb()).note.findUnique({ where: { id } });
}

describe("notes routes: creating and reading", () => {
  it("creates a note on a real passage, takes the context from the server's text, and lists it in the section", async () => {
    const body = await createBody({ body: "第一条笔记\n第二行" });
    await createNoteAs("readerA", body);
    const row = await noteRow(body.id);
    expect(row).toMatchObject({ quote: body.quote, body: "第一条笔记\n第二行", rev: 1, startOffset: body.start, deletedAt: null });
    expect(row?.prefix).toHaveLength(4);
    expect(row?.suffix.length).toBe(NOTE_RULES.contextChars);

    const { GET } = await routes.notes();
    const list = await call(GET, { method: "GET", path: `/api/notes?material=${MATERIAL}&section=part-1` });
    expect(list.status).toBe(200);
    expect(list.json.notes).toEqual([expect.objectContaining({ id: body.id, quote: body.quote, placement: { paragraphId: body.paragraphId, start: body.start, end: body.start + body.quote.length } })]);
    expect(list.response.headers.get("cache-control")).toContain("no-store");
  });

  it("is idempotent on the browser-made id: a retried create makes one note", async () => {
    const body = await createBody();
    await createNoteAs("readerA", body);
    await createNoteAs("readerA", body);
    const { getDb } = await import("@/lib/db");
    expect(await (await getDb()).note.count({ where: { id: body.id } })).toBe(1);
  });

  it("refuses a quote that is not the text at that place (422) and an unknown section (400/404)", async () => {
    await signInAs("readerA");
    const { POST } = await routes.notes();
    const body = await createBody();
    const wrong = await call(POST, { method: "POST", path: "/api/notes", body: { ...body, quote: "原文里没有这句话" } });
    expect(wrong.status).toBe(422);
    expect(wrong.json.message).toContain("所选文字与原文不一致");
    const unknown = await call(POST, { method: "POST", path: "/api/notes", body: { ...body, id: `${body.id}x`, section: "no-such-section" } });
    expect(unknown.status).toBe(404);
    expect(await noteRow(body.id)).toBeNull();
  });

  it("answers 401 signed out and 403 for a request from another site or without an Origin", async () => {
    const { POST } = await routes.notes();
    const body = await createBody();
    await signInAs(undefined);
    expect((await call(POST, { method: "POST", path: "/api/notes", body })).status).toBe(401);
    await signInAs("readerA");
    expect((await call(POST, { method: "POST", path: "/api/notes", body, origin: "https://evil.example" })).status).toBe(403);
    expect((await call(POST, { method: "POST", path: "/api/notes", body, origin: null })).status).toBe(403);
    expect(await noteRow(body.id)).toBeNull();
  });
});

describe("notes routes: IDOR", () => {
  it("another reader reading, editing or deleting a note by id gets the same 404 as a missing id, and the note is unchanged", async () => {
    const body = await createBody({ body: "乙处学员的私人笔记" });
    const id = await createNoteAs("readerB", body);
    const before = await noteRow(id);
    const note = await routes.note();
    await signInAs("readerA");
    const missingId = "no-such-note-0000000000";
    const attempts = [
      { handler: note.GET, method: "GET" },
      { handler: note.PATCH, method: "PATCH", body: { op: "edit", body: "被改了", rev: 1 } },
      { handler: note.PATCH, method: "PATCH", body: { op: "restore" } },
      { handler: note.DELETE, method: "DELETE" },
    ];
    for (const attempt of attempts) {
      const theirs = await call(attempt.handler, { method: attempt.method, path: `/api/notes/${id}`, id, body: attempt.body });
      const missing = await call(attempt.handler, { method: attempt.method, path: `/api/notes/${missingId}`, id: missingId, body: attempt.body });
      expect(theirs.status, `${attempt.method} ${JSON.stringify(attempt.body)}`).toBe(404);
      expect(theirs.json).toEqual(missing.json);
    }
    expect(await noteRow(id)).toEqual(before);
  });

  it("no administrator, system administrators included, can reach a reader's private note by any route", async () => {
    const body = await createBody({ body: "一科学员的私人笔记-不可外泄" });
    const id = await createNoteAs("readerA1", body);
    const note = await routes.note();
    const { GET: list } = await routes.notes();
    const { GET: exportNotes } = await routes.exportRoute();
    for (const admin of ["adminA", "sysA", "sys", "adminB"] as const) {
      await signInAs(admin);
      expect((await call(note.GET, { method: "GET", path: `/api/notes/${id}`, id })).status, admin).toBe(404);
      const section = await call(list, { method: "GET", path: `/api/notes?material=${MATERIAL}&section=part-1` });
      expect(JSON.stringify(section.json), admin).not.toContain("不可外泄");
      for (const format of ["markdown", "docx"]) {
        const file = await call(exportNotes, { method: "GET", path: `/api/notes/export?format=${format}` });
        expect(file.status).toBe(200);
        const bytes = Buffer.from(await file.response.arrayBuffer());
        const text = format === "docx" ? await (await import("jszip")).default.loadAsync(bytes).then((zip) => zip.file("word/document.xml")!.async("string")) : bytes.toString("utf8");
        expect(text, `${admin} ${format}`).not.toContain("不可外泄");
      }
    }
  });
});

describe("notes routes: editing, conflicts, delete and undo, limits", () => {
  it("gives the second of two edits based on the same revision a 409 with both texts, never a silent overwrite", async () => {
    const id = await createNoteAs("readerA", await createBody({ body: "原文" }));
    const { PATCH } = await routes.note();
    const first = await call(PATCH, { method: "PATCH", path: `/api/notes/${id}`, id, body: { op: "edit", body: "第一个窗口的修改", rev: 1 } });
    expect(first.status).toBe(200);
    expect(first.json.note).toMatchObject({ body: "第一个窗口的修改", rev: 2 });
    const second = await call(PATCH, { method: "PATCH", path: `/api/notes/${id}`, id, body: { op: "edit", body: "第二个窗口的修改", rev: 1 } });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ error: "conflict", current: { body: "第一个窗口的修改", rev: 2 } });
    expect(second.json.message).toContain("其他窗口");
    expect((await noteRow(id))?.body).toBe("第一个窗口的修改");
  });

  it("deletes softly, and 撤销 brings the note back within the undo window", async () => {
    const id = await createNoteAs("readerA", await createBody({ body: "要删除的笔记" }));
    const note = await routes.note();
    expect((await call(note.DELETE, { method: "DELETE", path: `/api/notes/${id}`, id })).status).toBe(200);
    expect((await noteRow(id))?.deletedAt).toBeInstanceOf(Date);
    expect((await call(note.GET, { method: "GET", path: `/api/notes/${id}`, id })).status).toBe(404);
    const { GET: list } = await routes.notes();
    expect((await call(list, { method: "GET", path: `/api/notes?material=${MATERIAL}&section=part-1` })).json.notes).toEqual([]);
    const editDeleted = await call(note.PATCH, { method: "PATCH", path: `/api/notes/${id}`, id, body: { op: "edit", body: "x", rev: 1 } });
    expect(editDeleted.status).toBe(410);

    const restored = await call(note.PATCH, { method: "PATCH", path: `/api/notes/${id}`, id, body: { op: "restore" } });
    expect(restored.status).toBe(200);
    expect(restored.json.note).toMatchObject({ id, body: "要删除的笔记" });
    expect((await noteRow(id))?.deletedAt).toBeNull();
  });

  it("refuses 撤销 once the undo window (plus grace) has passed, and keeps the row", async () => {
    const id = await createNoteAs("readerA", await createBody());
    const { deleteMyNote, restoreMyNote } = await import("@/lib/notes/store");
    const { USERS } = await import("../admin/fixtures");
    const deletedAt = new Date("2026-11-29T10:00:00Z");
    await deleteMyNote(USERS.readerA.id, id, deletedAt);
    const late = new Date(deletedAt.getTime() + NOTE_RULES.undoWindowMs + NOTE_RULES.undoGraceMs + 1000);
    await expect(restoreMyNote(USERS.readerA.id, id, late)).rejects.toMatchObject({ status: 410, code: "undo_expired" });
    expect((await noteRow(id))?.deletedAt).toEqual(deletedAt);
    const inTime = new Date(deletedAt.getTime() + NOTE_RULES.undoWindowMs);
    await expect(restoreMyNote(USERS.readerA.id, id, inTime)).resolves.toMatchObject({ id });
  });

  it("accepts exactly 10,000 characters and refuses more with a clear message; refuses control characters", async () => {
    const id = await createNoteAs("readerA", await createBody());
    const { PATCH } = await routes.note();
    const full = await call(PATCH, { method: "PATCH", path: `/api/notes/${id}`, id, body: { op: "edit", body: "字".repeat(NOTE_RULES.maxNoteChars), rev: 1 } });
    expect(full.status).toBe(200);
    const over = await call(PATCH, { method: "PATCH", path: `/api/notes/${id}`, id, body: { op: "edit", body: "字".repeat(NOTE_RULES.maxNoteChars + 1), rev: 2 } });
    expect(over.status).toBe(422);
    expect(over.json.message).toBe("笔记最多 10,000 字");
    const control = await call(PATCH, { method: "PATCH", path: `/api/notes/${id}`, id, body: { op: "edit", body: "响铃\u0007", rev: 2 } });
    expect(control.status).toBe(400);
    expect(control.json.message).toBe("笔记中含有无法保存的控制字符");
    expect((await noteRow(id))?.body).toHaveLength(NOTE_RULES.maxNoteChars);
  });

  it("caps the notes one reader keeps in one section", async () => {
    const { getDb } = await import("@/lib/db");
    const { USERS } = await import("../admin/fixtures");
    const db = await getDb();
    const template = await createBody();
    const now = new Date();
    await db.note.createMany({
      data: Array.from({ length: NOTE_RULES.maxNotesPerSection }, (_, i) => ({
        id: `bulk-note-${String(i).padStart(8, "0")}`,
        userId: USERS.readerA.id,
        materialSlug: MATERIAL,
        sectionSlug: "part-1",
        paragraphId: template.paragraphId,
        version: template.version,
        startOffset: template.start,
        quote: template.quote,
        prefix: "",
        suffix: "",
        createdAt: now,
        updatedAt: now,
      })),
    });
    await signInAs("readerA");
    const { POST } = await routes.notes();
    const refused = await call(POST, { method: "POST", path: "/api/notes", body: await createBody() });
    expect(refused.status).toBe(422);
    expect(refused.json.message).toContain(`每节最多保存 ${NOTE_RULES.maxNotesPerSection} 条`);
  });
});
