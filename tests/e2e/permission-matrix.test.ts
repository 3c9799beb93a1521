/**
 * The permission matrix over HTTP: every page and route handler, for each kind of visitor, against
 * the real server. A route without a row here fails the test, so a new endpoint cannot ship
 * without someone deciding who may use it. (Server actions have their own matrix in
 * tests/integration/action-matrix.test.ts.)
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "./paths";
import { DEMO, getE2eDb, sessionCookieFor } from "./session";

const ROLES = ["anonymous", "reader", "otherUnitAdmin", "subtreeAdmin", "systemAdmin"] as const;
type RoleName = (typeof ROLES)[number];
const ACCOUNTS: Record<Exclude<RoleName, "anonymous">, string> = {
  reader: DEMO.reader,
  otherUnitAdmin: DEMO.otherUnitAdmin,
  subtreeAdmin: DEMO.subtreeAdmin,
  systemAdmin: DEMO.systemAdmin,
};

/**
 * "login": redirected to the login page; "home": redirected to /; "progress" and "admin": redirected to
 * a unit or system administrator's start page (/admin/progress, /admin); a number: that status.
 */
type Outcome = "login" | "home" | "progress" | "admin" | number;
type Row = { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; path: (t: Targets) => string; expect: [Outcome, Outcome, Outcome, Outcome, Outcome] };
/**
 * Records in the subtree of zzb-admin (县委组织部), outside xcb-admin's (县委宣传部): reader02's account,
 * unit, a private note and a submitted 心得.
 */
type Targets = { userId: number; unitId: number; noteId: string; reflectionId: number; assignmentId: number };

const L = "login";
/** A material published from the browser for reader02's unit (created in beforeAll). */
const MATRIX_MATERIAL = "matrix-published";
const MATRIX_QUESTION = "matrix-question";
/** One published for the reader's own unit (县委办公室): readers there only, not even the administrators elsewhere. */
const READERS_MATERIAL = "matrix-for-readers";
const READERS_UNIT_ONLY: Row["expect"] = [L, 200, 404, 404, 404];
const READING: Row["expect"] = [L, 200, 200, 200, 200];
const ADMIN: Row["expect"] = [L, 403, 200, 200, 200];
const SYSTEM_ADMIN: Row["expect"] = [L, 403, 403, 403, 200];

// Columns: anonymous, reader, unit admin of another unit, unit admin of the subtree, system admin.
const MATRIX: Record<string, Row> = {
  "/": { path: () => "/", expect: READING },
  // A signed-in user is sent on to their own start page.
  "/login": { path: () => "/login", expect: [200, "home", "progress", "progress", "admin"] },
  "/search": { path: () => "/search?q=%E6%95%B0%E6%8D%AE%E6%B2%BB%E7%90%86", expect: READING },
  "/materials/[material]": { path: () => "/materials/deep-poverty-speech", expect: READING },
  "/materials/[material]/[section]": { path: () => "/materials/deep-poverty-speech/part-1", expect: READING },
  // Each signed-in user sees their own tests only (no user parameter); an attempt id of nobody's is a 404.
  // A published material's pages, at its /materials/ address and at the per-request route proxy.ts rewrites it to.
  "/materials/[material] published": { path: () => `/materials/${READERS_MATERIAL}`, expect: READERS_UNIT_ONLY },
  "/materials/[material]/[section] published": { path: () => `/materials/${READERS_MATERIAL}/intro`, expect: READERS_UNIT_ONLY },
  "/published/[material]": { path: () => `/published/${READERS_MATERIAL}`, expect: READERS_UNIT_ONLY },
  "/published/[material]/[section]": { path: () => `/published/${READERS_MATERIAL}/intro`, expect: READERS_UNIT_ONLY },
  "/materials/[material]/test": { path: () => "/materials/deep-poverty-speech/test", expect: READING },
  "/materials/[material]/test ?attempt": { path: () => `/materials/deep-poverty-speech/test?attempt=${"A".repeat(22)}`, expect: [L, 404, 404, 404, 404] },
  "/account/password": { path: () => "/account/password", expect: READING },
  "/me": { path: () => "/me", expect: READING },
  "/me/notes": { path: () => "/me/notes", expect: READING },
  // The signed-in user's own 学习档案 only: there is no user parameter to change.
  "/me/record": { path: () => "/me/record", expect: READING },
  "/me/notes/print/[material]": { path: () => "/me/notes/print/deep-poverty-speech", expect: READING },
  // The signed-in user's own 结业证明 only; a material they have not completed is a 404 like a missing one.
  "/me/certificates/[material]": { path: () => "/me/certificates/no-such-material", expect: [L, 404, 404, 404, 404] },
  // Public on purpose: anyone holding a certificate's code may check it; an unknown code is refused in the page.
  "/verify": { path: () => "/verify", expect: [200, 200, 200, 200, 200] },
  "/verify/[code]": { path: () => `/verify/${"0".repeat(20)}`, expect: [200, 200, 200, 200, 200] },
  "/admin": { path: () => "/admin", expect: ADMIN },
  "/admin/units": { path: () => "/admin/units", expect: ADMIN },
  "/admin/units/new": { path: () => "/admin/units/new", expect: SYSTEM_ADMIN },
  "/admin/units/[id]/edit": { path: (t) => `/admin/units/${t.unitId}/edit`, expect: SYSTEM_ADMIN },
  "/admin/users": { path: () => "/admin/users", expect: ADMIN },
  "/admin/users/new": { path: () => "/admin/users/new", expect: ADMIN },
  "/admin/users/[id]": { path: (t) => `/admin/users/${t.userId}`, expect: [L, 403, 404, 200, 200] },
  "/admin/import": { path: () => "/admin/import", expect: ADMIN },
  "/admin/materials": { path: () => "/admin/materials", expect: ADMIN },
  "/admin/materials/new": { path: () => "/admin/materials/new", expect: ADMIN },
  // A material published for reader02's unit: another unit's administrator gets the same not-found as for a missing one.
  "/admin/materials/[slug]": { path: () => `/admin/materials/${MATRIX_MATERIAL}`, expect: [L, 403, 404, 200, 200] },
  "/admin/materials/[slug]/revise": { path: () => `/admin/materials/${MATRIX_MATERIAL}/revise`, expect: [L, 403, 404, 200, 200] },
  // Its 自测题 pages: the material's managers only (MATRIX_QUESTION is a question of it).
  "/admin/materials/[slug]/quiz": { path: () => `/admin/materials/${MATRIX_MATERIAL}/quiz`, expect: [L, 403, 404, 200, 200] },
  "/admin/materials/[slug]/quiz/new": { path: () => `/admin/materials/${MATRIX_MATERIAL}/quiz/new`, expect: [L, 403, 404, 200, 200] },
  "/admin/materials/[slug]/quiz/[question]": { path: () => `/admin/materials/${MATRIX_MATERIAL}/quiz/${MATRIX_QUESTION}`, expect: [L, 403, 404, 200, 200] },
  "/api/admin/materials/[slug]/download": { path: () => `/api/admin/materials/${MATRIX_MATERIAL}/download`, expect: [401, 403, 404, 200, 200] },
  // Allowed callers get past the session check and are refused for the empty body (400).
  "/api/admin/materials": { method: "POST", path: () => "/api/admin/materials", expect: [401, 403, 400, 400, 400] },
  "/api/admin/materials/import": { method: "POST", path: () => "/api/admin/materials/import", expect: [401, 403, 400, 400, 400] },
  "/api/admin/materials/[slug]/revision": { method: "POST", path: () => `/api/admin/materials/${MATRIX_MATERIAL}/revision`, expect: [401, 403, 400, 400, 400] },
  "/admin/audit": { path: () => "/admin/audit", expect: SYSTEM_ADMIN },
  "/admin/assignments": { path: () => "/admin/assignments", expect: ADMIN },
  // The reminder confirmation for the county-wide assignment, narrowed to reader02's unit: another
  // unit's administrator gets the same not-found as for a missing unit.
  "/admin/assignments/[id]/remind": { path: (t) => `/admin/assignments/${t.assignmentId}/remind?unit=${t.unitId}`, expect: [L, 403, 404, 200, 200] },
  // Without a unit, each administrator gets their own unit's dashboard.
  "/admin/progress": { path: () => "/admin/progress", expect: ADMIN },
  // Another unit's dashboard by id: the same not-found as a unit that does not exist.
  "/admin/progress ?unit": { path: (t) => `/admin/progress?unit=${t.unitId}`, expect: [L, 403, 404, 200, 200] },
  "/admin/progress ?unit=missing": { path: () => "/admin/progress?unit=999999", expect: [L, 403, 404, 404, 404] },
  "/admin/progress/people": { path: (t) => `/admin/progress/people?unit=${t.unitId}&state=not-started`, expect: [L, 403, 404, 200, 200] },
  "/admin/progress/quiz": { path: (t) => `/admin/progress/quiz?unit=${t.unitId}&material=deep-poverty-speech`, expect: [L, 403, 404, 200, 200] },
  "/admin/progress/people/[id]": { path: (t) => `/admin/progress/people/${t.userId}`, expect: [L, 403, 404, 200, 200] },
  "/api/admin/progress/export": { path: (t) => `/api/admin/progress/export?unit=${t.unitId}&material=deep-poverty-speech&format=csv`, expect: [401, 403, 404, 200, 200] },
  "/api/admin/progress/export xlsx": {
    path: (t) => `/api/admin/progress/export?unit=${t.unitId}&material=deep-poverty-speech&format=xlsx&view=people`,
    expect: [401, 403, 404, 200, 200],
  },
  "/api/admin/progress/hours": { path: (t) => `/api/admin/progress/hours?unit=${t.unitId}&format=csv`, expect: [401, 403, 404, 200, 200] },
  // Only the signed-in reader's own assignments: there is no user parameter to change.
  "/api/me/tasks": { path: () => "/api/me/tasks", expect: [401, 200, 200, 200, 200] },
  // Pages and revisions of materials to keep offline: any reader, for what they may read.
  "/api/offline/materials": { path: () => "/api/offline/materials?slug=deep-poverty-speech", expect: [401, 200, 200, 200, 200] },
  "/admin/reflections": { path: () => "/admin/reflections", expect: ADMIN },
  // Submitted 心得 of reader02: their unit's administrators and system administrators only.
  "/admin/reflections/[id]": { path: (t) => `/admin/reflections/${t.reflectionId}`, expect: [L, 403, 404, 200, 200] },
  "/api/health": { path: () => "/api/health", expect: [200, 200, 200, 200, 200] },
  // Issue 18: the page shown offline and the service worker hold nothing personal, for everyone.
  "/offline": { path: () => "/offline", expect: [200, 200, 200, 200, 200] },
  "/serwist/[path]": { path: () => "/serwist/sw.js", expect: [200, 200, 200, 200, 200] },
  // The benchmark's framework floor: answers only in a server started with BENCH_ECHO=1.
  "/admin/bench": { path: () => "/admin/bench", expect: [L, 403, 404, 404, 404] },
  "/api/bench/echo": { method: "POST", path: () => "/api/bench/echo", expect: [404, 404, 404, 404, 404] },
  "/api/admin/import/template": { path: () => "/api/admin/import/template", expect: [401, 403, 200, 200, 200] },
  // Allowed callers get past the session check and are refused for the missing file (400).
  "/api/admin/import": { method: "POST", path: () => "/api/admin/import", expect: [401, 403, 400, 400, 400] },
  // Every signed-in user records their own reading; an empty body is refused after the session check.
  "/api/progress": { method: "POST", path: () => "/api/progress", expect: [401, 400, 400, 400, 400] },
  // Each reader's own progress only: there is no user parameter to change.
  "/api/progress GET": { path: () => "/api/progress?material=deep-poverty-speech", expect: [401, 200, 200, 200, 200] },
  // Notes are private: every route acts on the caller's own notes only. Another user's note id,
  // administrators' included, is a 404 exactly like a missing one; bodies that are not JSON a 400.
  "/api/notes GET": { path: () => "/api/notes?material=deep-poverty-speech&section=part-1", expect: [401, 200, 200, 200, 200] },
  "/api/notes POST": { method: "POST", path: () => "/api/notes", expect: [401, 400, 400, 400, 400] },
  "/api/notes/[id] GET": { path: (t) => `/api/notes/${t.noteId}`, expect: [401, 404, 404, 404, 404] },
  "/api/notes/[id] DELETE": { method: "DELETE", path: (t) => `/api/notes/${t.noteId}`, expect: [401, 404, 404, 404, 404] },
  "/api/notes/[id] PATCH": { method: "PATCH", path: (t) => `/api/notes/${t.noteId}`, expect: [401, 400, 400, 400, 400] },
  "/api/notes/export": { path: () => "/api/notes/export?format=markdown", expect: [401, 200, 200, 200, 200] },
  "/api/reflections": { method: "PUT", path: () => "/api/reflections", expect: [401, 400, 400, 400, 400] },
  "/api/reflections/submission POST": { method: "POST", path: () => "/api/reflections/submission", expect: [401, 400, 400, 400, 400] },
  "/api/reflections/submission DELETE": { method: "DELETE", path: () => "/api/reflections/submission", expect: [401, 400, 400, 400, 400] },
};

/** Every page and route handler under app/, as route patterns. */
function listRoutes(dir = path.join(ROOT, "app"), prefix = ""): string[] {
  const routes: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Route groups "(name)" do not appear in URLs.
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      routes.push(...listRoutes(path.join(dir, entry.name), prefix + segment));
    } else if (/^(page|route)\.(ts|tsx)$/.test(entry.name)) {
      routes.push(prefix || "/");
    }
  }
  return routes.sort();
}

async function request(row: Row, targets: Targets, cookie?: string): Promise<Response> {
  const base = inject("baseURL");
  const headers: Record<string, string> = { origin: base };
  if (cookie) headers.cookie = cookie;
  const body = row.method && row.method !== "GET" ? new FormData() : undefined;
  return fetch(base + row.path(targets), { method: row.method ?? "GET", headers, body, redirect: "manual" });
}

function outcomeOf(response: Response): Outcome {
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get("location") ?? "";
    const pathname = new URL(location, inject("baseURL")).pathname;
    if (pathname === "/login") return "login";
    if (pathname === "/") return "home";
    if (pathname === "/admin/progress") return "progress";
    if (pathname === "/admin") return "admin";
  }
  return response.status;
}

let targets: Targets;
const cookies = new Map<RoleName, string>();

async function snapshot(): Promise<string> {
  const db = await getE2eDb();
  const [users, units, notes, reflections] = await Promise.all([
    db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, account: true, name: true, role: true, unitId: true, disabled: true, mustChangePassword: true, passwordHash: true } }),
    db.unit.findMany({ orderBy: { id: "asc" } }),
    db.note.findMany({ where: { id: targets.noteId } }),
    db.reflection.findMany({ where: { id: targets.reflectionId } }),
  ]);
  return JSON.stringify({ users, units, notes, reflections });
}

beforeAll(async () => {
  const db = await getE2eDb();
  const user = await db.user.findUniqueOrThrow({ where: { account: "reader02" }, select: { id: true, unitId: true } });
  const now = new Date();
  const noteId = "matrix-private-note-0001";
  await db.note.upsert({
    where: { id: noteId },
    update: {},
    create: { id: noteId, userId: user.id, materialSlug: "deep-poverty-speech", sectionSlug: "part-1", paragraphId: "p-0000000000", version: "000000000000", startOffset: 0, quote: "引文", prefix: "", suffix: "", body: "reader02 的私人笔记", createdAt: now, updatedAt: now },
  });
  const reflection = await db.reflection.upsert({
    where: { userId_materialSlug_sectionSlug: { userId: user.id, materialSlug: "deep-poverty-speech", sectionSlug: "part-9" } },
    update: {},
    create: { userId: user.id, materialSlug: "deep-poverty-speech", sectionSlug: "part-9", body: "已提交的心得", submittedBody: "已提交的心得", submittedAt: now, createdAt: now, updatedAt: now },
    select: { id: true },
  });
  const assignment = await db.assignment.findFirstOrThrow({ where: { materialSlug: "deep-poverty-speech" }, orderBy: { id: "asc" }, select: { id: true } });
  targets = { userId: user.id, unitId: user.unitId, noteId, reflectionId: reflection.id, assignmentId: assignment.id };
  const reader = await db.user.findUniqueOrThrow({ where: { account: DEMO.reader }, select: { unitId: true } });
  for (const [slug, title, audienceUnitId] of [[MATRIX_MATERIAL, "权限矩阵材料", user.unitId], [READERS_MATERIAL, "权限矩阵学员材料", reader.unitId]] as const) {
    await db.publishedMaterial.deleteMany({ where: { slug } });
    const { publishMaterial } = await import("@/lib/materials/store");
    const admin = await db.user.findUniqueOrThrow({ where: { account: DEMO.systemAdmin }, select: { id: true, role: true, account: true, unit: { select: { path: true } } } });
    const paragraph = (text: string) => ({ kind: "paragraph" as const, text, flags: [] });
    await publishMaterial(
      { id: admin.id, role: admin.role, account: admin.account, unitPath: admin.unit.path },
      { slug, title, audienceUnitId, sections: [{ slug: "intro", title: "导言", paragraphs: [paragraph("权限矩阵的测试正文。")] }] },
    );
  }
  const { getSection } = await import("@/lib/content");
  const paragraph = getSection(MATRIX_MATERIAL, "intro")!.section.paragraphs[0]!;
  await db.$transaction([
    db.publishedQuestion.create({
      data: { materialSlug: MATRIX_MATERIAL, id: MATRIX_QUESTION, type: "true-false", prompt: "权限矩阵的说法。", options: "[]", answer: "true", explanation: "见导言。", sectionSlug: "intro", paragraphId: paragraph.id, quote: "权限矩阵" },
    }),
    db.materialsVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } }),
  ]);
  for (const [role, account] of Object.entries(ACCOUNTS)) {
    const cookie = await sessionCookieFor(account);
    cookies.set(role as RoleName, `${cookie.name}=${cookie.value}`);
  }
});

// The readers of those units would otherwise find them on their home pages in the browser tests after this one.
afterAll(async () => {
  const db = await getE2eDb();
  await db.publishedMaterial.deleteMany({ where: { slug: { in: [MATRIX_MATERIAL, READERS_MATERIAL] } } });
  await db.materialsVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
});

describe("permission matrix over HTTP", () => {
  it("has a row for every page and route handler in app/", () => {
    // A key may name one method of a route ("/api/x GET"); every route needs at least one row.
    expect([...new Set(Object.keys(MATRIX).map((key) => key.split(" ")[0]))].sort()).toEqual(listRoutes());
  });

  it.each(Object.keys(MATRIX))("%s answers each kind of visitor as the matrix says, changing nothing", async (route) => {
    const row = MATRIX[route] as Row;
    const before = await snapshot();
    const actual = await Promise.all(ROLES.map(async (role) => outcomeOf(await request(row, targets, cookies.get(role)))));
    expect(Object.fromEntries(ROLES.map((role, i) => [role, actual[i]]))).toEqual(Object.fromEntries(ROLES.map((role, i) => [role, row.expect[i]])));
    expect(await snapshot()).toBe(before);
  });

  it("refuses a cross-site POST to a route handler even with a valid session", async () => {
    const base = inject("baseURL");
    const response = await fetch(`${base}/api/admin/import`, {
      method: "POST",
      headers: { cookie: cookies.get("systemAdmin") ?? "", origin: "https://evil.example" },
      body: new FormData(),
      redirect: "manual",
    });
    expect(response.status).toBe(403);
  });
});

describe("administrators managing administrators", () => {
  it("offers a unit administrator no management of a peer administrator of their own unit, and offers it below", async () => {
    const db = await getE2eDb();
    const base = inject("baseURL");
    const units = await db.unit.findMany({ where: { code: { in: ["SFX-ZZB", "SFX-ZZB-1"] } }, select: { id: true, code: true } });
    const unitId = (code: string) => units.find((unit) => unit.code === code)!.id;
    // A second 单位管理员 of 县委组织部 (zzb-admin's own unit) and one of its first branch.
    const peer = await db.user.create({ data: { account: "matrix-peer-admin", name: "同级管理员", unitId: unitId("SFX-ZZB"), role: "UNIT_ADMIN", passwordHash: "-", mustChangePassword: false } });
    const below = await db.user.create({ data: { account: "matrix-branch-admin", name: "支部管理员", unitId: unitId("SFX-ZZB-1"), role: "UNIT_ADMIN", passwordHash: "-", mustChangePassword: false } });
    const page = async (path: string, role: RoleName) => {
      const response = await fetch(base + path, { headers: { cookie: cookies.get(role) ?? "" }, redirect: "manual" });
      expect(response.status).toBe(200);
      return response.text();
    };
    try {
      const peerPage = await page(`/admin/users/${peer.id}`, "subtreeAdmin");
      expect(peerPage).toContain("账号详情");
      expect(peerPage).toContain("本单位的其他管理员账号只能由上级单位的管理员或系统管理员修改");
      for (const action of ["重置密码", "停用账号", "姓名、单位和角色"]) expect(peerPage).not.toContain(action);
      const belowPage = await page(`/admin/users/${below.id}`, "subtreeAdmin");
      for (const action of ["重置密码", "停用账号", "单位管理员（仅限下级单位）"]) expect(belowPage).toContain(action);
      // The system administrator manages both.
      expect(await page(`/admin/users/${peer.id}`, "systemAdmin")).toContain("重置密码");
      // In the list, the peer is 查看 (view), the administrator below 编辑 (edit).
      const list = await page("/admin/users?q=matrix-", "subtreeAdmin");
      expect(list).toMatch(/查看(<!-- -->)?<span class="sr-only">：(<!-- -->)?同级管理员/);
      expect(list).toMatch(/编辑(<!-- -->)?<span class="sr-only">：(<!-- -->)?支部管理员/);
    } finally {
      await db.user.deleteMany({ where: { id: { in: [peer.id, below.id] } } });
    }
  });
});
