// The /api/admin/materials route handlers behind the publishing pages (issue 16): who may call them,
// the Chinese refusals for bad input with nothing stored, the revision diff before confirming, and
// the content/ zip.
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertAccount, seedUnitTree } from "../import/seed";

const current = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => current.headers,
  cookies: async () => ({ get: (name: string) => (current.cookies.has(name) ? { name, value: current.cookies.get(name) } : undefined) }),
}));

type Db = Awaited<ReturnType<typeof import("@/lib/db").getDb>>;
let database: TestDatabase;
let db: Db;
let units: Awaited<ReturnType<typeof seedUnitTree>>;
const tokens: Record<"sys" | "zzbAdmin" | "reader", string> = { sys: "", zzbAdmin: "", reader: "" };
const ORIGIN = "http://portal.test";
const SPEECH = fs.readFileSync(path.resolve(__dirname, "../../fixtures/speech-study.txt"));

beforeAll(async () => {
  database = createTestDatabase();
  db = await (await import("@/lib/db")).getDb();
  const { createSession } = await import("@/lib/auth/session");
  units = await seedUnitTree(db);
  tokens.sys = (await createSession((await insertAccount(db, "sys", units.root, "SYSTEM_ADMIN")).id, {})).token;
  tokens.zzbAdmin = (await createSession((await insertAccount(db, "zzb-admin", units.zzb, "UNIT_ADMIN")).id, {})).token;
  tokens.reader = (await createSession((await insertAccount(db, "reader", units.zzb1)).id, {})).token;
});
afterAll(async () => {
  await db.$disconnect();
  database.remove();
});
beforeEach(() => current.cookies.clear());

async function signIn(who: keyof typeof tokens) {
  const { SESSION_COOKIE } = await import("@/lib/auth/session");
  current.cookies.set(SESSION_COOKIE, tokens[who]);
}

function headers(origin: string | null = ORIGIN) {
  const h = new Headers({ host: "portal.test" });
  if (origin) h.set("origin", origin);
  current.headers = h;
  return h;
}

async function importFile(name: string, bytes: Uint8Array<ArrayBuffer> | Buffer | string) {
  const form = new FormData();
  form.set("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name));
  const { POST } = await import("@/app/api/admin/materials/import/route");
  return POST(new Request(`${ORIGIN}/api/admin/materials/import`, { method: "POST", body: form, headers: headers() }));
}

async function publish(json: unknown, origin: string | null = ORIGIN) {
  const { POST } = await import("@/app/api/admin/materials/route");
  return POST(new Request(`${ORIGIN}/api/admin/materials`, { method: "POST", body: JSON.stringify(json), headers: headers(origin) }));
}

async function revise(slug: string, json: unknown) {
  const { POST } = await import("@/app/api/admin/materials/[slug]/revision/route");
  return POST(new Request(`${ORIGIN}/api/admin/materials/${slug}/revision`, { method: "POST", body: JSON.stringify(json), headers: headers() }), { params: Promise.resolve({ slug }) });
}

async function download(slug: string) {
  const { GET } = await import("@/app/api/admin/materials/[slug]/download/route");
  return GET(new Request(`${ORIGIN}/api/admin/materials/${slug}/download`, { headers: headers(null) }), { params: Promise.resolve({ slug }) });
}

const counts = () => Promise.all([db.publishedMaterial.count(), db.publishedSection.count(), db.auditLog.count()]);
const strip = (sections: Array<{ slug: string; paragraphs: Array<Record<string, unknown>> }>) =>
  sections.map((s) => ({ ...s, paragraphs: s.paragraphs.map(({ html: _html, ...p }) => p) }));

describe("the material routes", () => {
  it("refuse anonymous callers, readers and cross-site requests", async () => {
    expect((await importFile("a.txt", "第一部分 正文。")).status).toBe(401);
    await signIn("reader");
    expect((await importFile("a.txt", "第一部分 正文。")).status).toBe(403);
    expect((await publish({})).status).toBe(403);
    await signIn("sys");
    expect((await publish({}, "https://evil.example")).status).toBe(403);
  });

  it("import answers the sections with preview HTML, and bad files a Chinese message", async () => {
    await signIn("zzbAdmin");
    const ok = await importFile("speech.txt", SPEECH);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.material.sections).toHaveLength(11);
    expect(body.material.sections[0].paragraphs[0].html).toMatch(/^<p id="p-/u);
    for (const [name, bytes, message] of [
      ["broken.docx", "PK\u0003\u0004 not a zip", "无法读取该 Word 文件"],
      ["empty.txt", "", "文件是空的"],
      ["old.doc", "x", "旧版 Word"],
      ["big.txt", "长".repeat(1_000_000), "文件过大"],
      ["gbk-unknown.txt", new Uint8Array([0xff, 0xfe, 0xfd, 0x80, 0x81, 0x00, 0xc0]), "文字编码"],
    ] as const) {
      const refused = await importFile(name, bytes);
      expect(refused.status, name).toBe(422);
      expect((await refused.json()).message, name).toContain(message);
    }
  });

  it("refuses a body over the largest upload (20 MB of text) without reading on", async () => {
    await signIn("sys");
    const refused = await importFile("huge.txt", new Uint8Array(21 * 1024 * 1024).fill(0x41));
    expect(refused.status).toBe(413);
    expect((await refused.json()).message).toContain("文件过大");
  });

  it("publish checks the fields, the slug and the audience, and stores nothing when it refuses", async () => {
    const imported = await (await (await signIn("sys"), importFile("speech.txt", SPEECH))).json();
    const sections = strip(imported.material.sections);
    const valid = { slug: "route-speech", title: imported.material.title, description: "", order: "", audience: String(units.zzb.id), sections };
    const before = await counts();
    const invalid = await publish({ ...valid, slug: "Not A Slug", title: " " });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).fieldErrors).toMatchObject({ slug: [expect.stringContaining("小写字母")], title: ["请填写标题"] });
    await signIn("zzbAdmin");
    const whole = await publish({ ...valid, audience: "all" });
    expect(whole.status).toBe(403);
    expect((await whole.json()).fieldErrors.audience[0]).toContain("单位管理员只能");
    expect((await publish({ ...valid, audience: String(units.xcb.id) })).status).toBe(403);
    const empty = await publish({ ...valid, sections: [] });
    expect((await empty.json()).message).toBe("文件中没有可导入的正文");
    expect(await counts()).toEqual(before);

    const published = await publish({ ...valid, audience: String(units.zzb1.id) });
    expect(published.status).toBe(200);
    expect(await published.json()).toEqual({ ok: true, slug: "route-speech" });
    const again = await publish({ ...valid, audience: String(units.zzb1.id) });
    expect(again.status).toBe(409);
    expect((await again.json()).fieldErrors.slug[0]).toContain("已有使用该网址名");
  });

  it("revision answers the diff without storing, then stores on confirm; the zip holds the content/ folder", async () => {
    await signIn("zzbAdmin");
    const imported = await (await importFile("speech.txt", SPEECH)).json();
    const sections = strip(imported.material.sections);
    const target = sections[3]!.paragraphs[0] as { text: string };
    target.text = `${target.text}（修订）`;
    const text = { title: imported.material.title, description: "", order: "", sections };
    const before = await counts();
    const preview = await revise("route-speech", { ...text, confirm: false });
    expect(preview.status).toBe(200);
    const { diff, questionsToReview } = await preview.json();
    // No self-test questions yet: none would need review.
    expect(questionsToReview).toBe(0);
    const changed = diff.filter((d: { state: string }) => d.state !== "unchanged");
    expect(changed.map((d: { slug: string; counts: unknown }) => [d.slug, d.counts])).toEqual([[sections[3]!.slug, { added: 0, changed: 1, removed: 0 }]]);
    expect(await counts()).toEqual(before);
    const stored = await revise("route-speech", { ...text, confirm: true });
    expect(await stored.json()).toEqual({ ok: true, revision: 2, changed: true });

    const zip = await download("route-speech");
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const files = await JSZip.loadAsync(await zip.arrayBuffer());
    expect(Object.keys(files.files).sort()).toContain("route-speech/material.md");
    expect(await files.file(`route-speech/${sections[3]!.slug}.md`)!.async("string")).toContain("（修订）");

    // Another unit's administrator: not found, like a missing material.
    const other = await insertAccount(db, "xcb-admin", units.xcb, "UNIT_ADMIN");
    const { createSession, SESSION_COOKIE } = await import("@/lib/auth/session");
    current.cookies.set(SESSION_COOKIE, (await createSession(other.id, {})).token);
    expect((await download("route-speech")).status).toBe(404);
    expect((await revise("route-speech", { ...text, confirm: false })).status).toBe(403);
  });
});
