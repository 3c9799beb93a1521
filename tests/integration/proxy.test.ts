import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/database";
import { insertUnit, insertUser } from "./helpers/fixtures";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

async function proxyFor(path: string, cookie?: string, env: Record<string, string> = {}) {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
  const { proxy } = await import("@/proxy");
  const request = new NextRequest(`http://portal.test${path}`, { headers: cookie ? { cookie } : {} });
  try {
    return await proxy(request);
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
  }
}

async function sessionCookie(account: string, mustChangePassword = false) {
  const { getDb } = await import("@/lib/db");
  const { createSession } = await import("@/lib/auth/session");
  const db = await getDb();
  const unit = await insertUnit(db, `单位-${account}`, `P-${account}`);
  const user = await insertUser(db, { account, unitId: unit.id, mustChangePassword });
  return `xxyd_session=${(await createSession(user.id, {})).token}`;
}

describe("the proxy in front of the prerendered reading pages", () => {
  it.each(["/", "/materials/deep-poverty-speech", "/materials/deep-poverty-speech/part-1"])("sends an anonymous visitor of %s to the login page and back", async (path) => {
    const response = await proxyFor(path);
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next")).toBe(path);
  });

  it("lets a signed-in reader through, and sends one who must change the password to do that", async () => {
    const ok = await proxyFor("/materials/deep-poverty-speech/part-1", await sessionCookie("proxy-reader"));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-middleware-next")).toBe("1");
    const forced = await proxyFor("/materials/deep-poverty-speech/part-1", await sessionCookie("proxy-newcomer", true));
    expect(new URL(forced.headers.get("location") ?? "").pathname).toBe("/account/password");
  });

  it("refuses a forged or ended session", async () => {
    const response = await proxyFor("/", "xxyd_session=forged-token-value");
    expect(new URL(response.headers.get("location") ?? "").pathname).toBe("/login");
  });

  it("lets anyone read when PUBLIC_READING is on, and never gates dynamic pages (they check themselves)", async () => {
    expect((await proxyFor("/materials/deep-poverty-speech/part-1", undefined, { PUBLIC_READING: "true" })).status).toBe(200);
    const admin = await proxyFor("/admin");
    expect(admin.status).toBe(200);
    expect(admin.headers.get("content-security-policy")).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
  });
});
