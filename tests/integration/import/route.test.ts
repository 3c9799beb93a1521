import JSZip from "jszip";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { LONE_SURROGATE_MESSAGE } from "@/lib/schemas/text";
import { buildXlsx } from "../../unit/import/helpers/files";
import { importEventSchema, type ImportEvent } from "@/lib/import/protocol";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertAccount, seedUnitTree } from "./seed";

// The route reads the session cookie and client address through next/headers, which only works inside
// a Next.js request; here both come from the Request under test.
const current = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => current.headers,
  cookies: async () => ({ get: (name: string) => (current.cookies.has(name) ? { name, value: current.cookies.get(name) } : undefined) }),
}));

type Db = Awaited<ReturnType<typeof import("@/lib/db").getDb>>;
let database: TestDatabase;
let db: Db;
let units: Awaited<ReturnType<typeof seedUnitTree>>;
const tokens: Record<"admin" | "reader" | "newAdmin", string> = { admin: "", reader: "", newAdmin: "" };

const ORIGIN = "http://portal.test";

beforeAll(async () => {
  database = createTestDatabase();
  db = await (await import("@/lib/db")).getDb();
  const { createSession } = await import("@/lib/auth/session");
  units = await seedUnitTree(db);
  const admin = await insertAccount(db, "zzb-admin", units.zzb, "UNIT_ADMIN");
  const reader = await insertAccount(db, "reader", units.zzb);
  const newAdmin = await insertAccount(db, "new-admin", units.root, "SYSTEM_ADMIN");
  await db.user.update({ where: { id: newAdmin.id }, data: { mustChangePassword: true } });
  tokens.admin = (await createSession(admin.id, {})).token;
  tokens.reader = (await createSession(reader.id, {})).token;
  tokens.newAdmin = (await createSession(newAdmin.id, {})).token;
});
afterAll(async () => {
  await db.$disconnect();
  database.remove();
});
beforeEach(() => {
  current.cookies.clear();
});

async function signIn(who: keyof typeof tokens) {
  const { SESSION_COOKIE } = await import("@/lib/auth/session");
  current.cookies.set(SESSION_COOKIE, tokens[who]);
}

async function post(body: FormData, origin: string | null = ORIGIN): Promise<Response> {
  const headers = new Headers({ host: "portal.test", "x-forwarded-for": "10.1.2.3" });
  if (origin) headers.set("origin", origin);
  current.headers = headers;
  const { POST } = await import("@/app/api/admin/import/route");
  return POST(new Request(`${ORIGIN}/api/admin/import`, { method: "POST", body, headers }));
}

function upload(text: string, name = "名单.csv"): FormData {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "text/csv" }));
  return form;
}

const VALID = "姓名,账号,单位编码\r\n路由甲,route-a,ZZB-1\r\n路由乙,route-b,ZZB\r\n";

describe("POST /api/admin/import", () => {
  it("answers 401 without a session and 403 for readers and for administrators who must change their password", async () => {
    const anonymous = await post(upload(VALID));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ ok: false, error: "unauthorized", message: expect.stringContaining("登录") });
    await signIn("reader");
    expect((await post(upload(VALID))).status).toBe(403);
    await signIn("newAdmin");
    expect((await post(upload(VALID))).status).toBe(403);
    expect(await db.user.count({ where: { account: { startsWith: "route-" } } })).toBe(0);
  });

  it("refuses a request from another site or without an Origin (CSRF)", async () => {
    await signIn("admin");
    const crossSite = await post(upload(VALID), "https://evil.example");
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toEqual({ ok: false, error: "cross_origin", message: expect.stringContaining("请求来源无效") });
    expect((await post(upload(VALID), null)).status).toBe(403);
    expect(await db.user.count({ where: { account: { startsWith: "route-" } } })).toBe(0);
  });

  it("answers 400 with a Chinese message for a missing or unsupported file", async () => {
    await signIn("admin");
    const missing = await post(new FormData());
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ ok: false, error: "invalid_upload", message: "请选择要导入的文件" });
    const xls = await post(upload(VALID, "名单.xls"));
    expect(await xls.json()).toEqual({ ok: false, error: "invalid_upload", message: "只支持 .csv 或 .xlsx 文件" });
  });

  it("streams NDJSON progress and the result, and creates the accounts", async () => {
    await signIn("admin");
    const response = await post(upload(VALID));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("no-store");
    const events: ImportEvent[] = (await response.text())
      .split("\n")
      .filter(Boolean)
      .map((line) => importEventSchema.parse(JSON.parse(line)));
    expect(events[0]).toEqual({ type: "progress", phase: "validate", done: 0, total: 2 });
    const result = events.at(-1);
    expect(result?.type === "result" && result.ok && result.accounts.map((a) => a.account)).toEqual(["route-a", "route-b"]);
    expect(await db.user.count({ where: { account: { startsWith: "route-" } } })).toBe(2);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "import.accounts" } });
    expect(audit).toMatchObject({ actorAccount: "zzb-admin", ip: "10.1.2.3" });
  });
});

describe("POST /api/admin/import: text that cannot be stored", () => {
  it("refuses a name with an unpaired surrogate (an .xlsx cell's _xD800_ escape) as a row error, creating nothing and logging no name", async () => {
    await signIn("admin");
    // exceljs decodes the OOXML escape "_xD800_" into a lone surrogate, which no database can store.
    const zip = await JSZip.loadAsync(await buildXlsx([["姓名", "账号", "单位编码"], ["代理甲", "surrogate-a", "ZZB-1"]]));
    const strings = await zip.file("xl/sharedStrings.xml")!.async("string");
    zip.file("xl/sharedStrings.xml", strings.replace("代理甲", "代理甲_xD800_"));
    const file = new File([await zip.generateAsync({ type: "arraybuffer" })], "名单.xlsx");
    const form = new FormData();
    form.set("file", file);
    const errors = vi.spyOn(console, "error");
    try {
      const response = await post(form);
      const result = (await response.text()).split("\n").filter(Boolean).map((line) => importEventSchema.parse(JSON.parse(line))).at(-1);
      expect(result).toEqual({ type: "result", ok: false, errors: [{ rowNumber: 2, message: LONE_SURROGATE_MESSAGE }] });
      expect(await db.user.count({ where: { account: "surrogate-a" } })).toBe(0);
      expect(errors.mock.calls.flat().map(String).join("\n")).not.toContain("代理甲");
    } finally {
      errors.mockRestore();
    }
  });
});

describe("GET /api/admin/import/template", () => {
  it("serves a UTF-8 CSV with BOM whose example row imports as is for this administrator", async () => {
    const { GET } = await import("@/app/api/admin/import/template/route");
    expect((await GET()).status).toBe(401);
    await signIn("reader");
    expect((await GET()).status).toBe(403);
    await signIn("admin");
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toBe("姓名,账号,单位路径,单位编码,角色"); // TextDecoder drops the BOM checked above
    expect(text).toContain("示范县委 / 县委组织部,ZZB,");

    const { parseAccountFile } = await import("@/lib/import/parse");
    const { validateAccountRows } = await import("@/lib/import/validate");
    const parsed = await parseAccountFile(bytes, "template.csv");
    if (!parsed.ok) throw new Error(parsed.message);
    const admin = await db.user.findUniqueOrThrow({ where: { account: "zzb-admin" }, select: { id: true, role: true } });
    const validation = await validateAccountRows({ ...admin, unitPath: units.zzb.path }, parsed.rows);
    expect(validation.ok && validation.records.map((r) => r.unitId)).toEqual([units.zzb.id]);
  });
});
