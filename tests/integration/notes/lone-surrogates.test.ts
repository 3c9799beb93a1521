/**
 * Unpaired UTF-16 surrogates in notes and 心得 (issue 14, finding 4): refused with a 400 and a
 * clear message by every route that takes reader text, nothing stored, and the text never logged.
 * On the code before the fix the database call failed and the route threw (a 500 whose logged
 * message carried the note).
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { LONE_SURROGATE_MESSAGE } from "@/lib/schemas/text";
import { LONE_SURROGATE_PAYLOADS, PRIVATE_MARKER } from "../../fixtures/xss-payloads";
import { signInAs, useAccountFixture } from "../admin/fixtures";
import { call, createBody, createNoteAs, MATERIAL, routes } from "./helpers";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

let spies: MockInstance[] = [];
beforeEach(() => {
  spies = (["log", "info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(console, level));
});
afterEach(() => {
  for (const spy of spies) spy.mockRestore();
});

/** Everything written to the console during the test, as text. */
function logged(): string {
  return spies.flatMap((spy) => spy.mock.calls.flat().map((value) => (value instanceof Error ? `${value.message}\n${value.stack}` : String(value)))).join("\n");
}

const refusal = { ok: false, error: "invalid_text", message: LONE_SURROGATE_MESSAGE };

describe("unpaired surrogates in reader text", () => {
  it(`POST /api/notes refuses ${LONE_SURROGATE_PAYLOADS.length} such bodies with a 400 and stores nothing`, async () => {
    await signInAs("readerA");
    const { POST } = await routes.notes();
    const { getDb } = await import("@/lib/db");
    for (const payload of LONE_SURROGATE_PAYLOADS) {
      const body = await createBody({ body: payload });
      const result = await call(POST, { method: "POST", path: "/api/notes", body });
      expect(result.status, JSON.stringify(payload)).toBe(400);
      expect(result.json).toEqual(refusal);
      expect(await (await getDb()).note.findUnique({ where: { id: body.id } })).toBeNull();
    }
    expect(logged()).not.toContain(PRIVATE_MARKER);
  });

  it("PATCH /api/notes/[id] refuses them and keeps the note's text", async () => {
    const id = await createNoteAs("readerA", await createBody({ body: "原来的笔记" }));
    const { PATCH } = await routes.note();
    for (const payload of LONE_SURROGATE_PAYLOADS) {
      const result = await call(PATCH, { method: "PATCH", path: `/api/notes/${id}`, id, body: { op: "edit", body: payload, rev: 1 } });
      expect(result.status).toBe(400);
      expect(result.json).toEqual(refusal);
    }
    const { getDb } = await import("@/lib/db");
    expect(await (await getDb()).note.findUnique({ where: { id }, select: { body: true, rev: true } })).toEqual({ body: "原来的笔记", rev: 1 });
    expect(logged()).not.toContain(PRIVATE_MARKER);
  });

  it("PUT /api/reflections refuses them (the reported case: \"a\\udc00\") and stores no 心得", async () => {
    await signInAs("readerA");
    const { PUT } = await routes.reflections();
    for (const [section, payload] of [["part-1", "a\udc00"], ...LONE_SURROGATE_PAYLOADS.map((p) => [undefined, p])] as const) {
      const result = await call(PUT, { method: "PUT", path: "/api/reflections", body: { material: MATERIAL, ...(section ? { section } : {}), body: payload, rev: 0 } });
      expect(result.status).toBe(400);
      expect(result.json).toEqual(refusal);
    }
    const { getDb } = await import("@/lib/db");
    expect(await (await getDb()).reflection.count()).toBe(0);
    expect(logged()).not.toContain(PRIVATE_MARKER);
  });

  it("still saves text whose surrogates are paired (emoji and other astral characters)", async () => {
    await signInAs("readerA");
    const { PUT } = await routes.reflections();
    const result = await call(PUT, { method: "PUT", path: "/api/reflections", body: { material: MATERIAL, section: "part-1", body: "学习心得 😀 𠀀", rev: 0 } });
    expect(result.status).toBe(200);
  });
});
