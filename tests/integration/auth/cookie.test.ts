import { afterEach, describe, expect, it, vi } from "vitest";

type SetCall = [string, string, Record<string, unknown>];
const request = vi.hoisted(() => ({ headers: new Headers(), set: [] as SetCall[] }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ set: (...args: SetCall) => request.set.push(args) }),
  headers: async () => request.headers,
}));

afterEach(() => {
  request.set = [];
  delete process.env.COOKIE_SECURE;
  vi.resetModules();
});

async function setCookieWith(headers: Record<string, string>) {
  request.headers = new Headers(headers);
  const { setSessionCookie } = await import("@/lib/auth/cookie");
  await setSessionCookie("token-value", new Date("2026-05-01T00:00:00Z"));
  return request.set[0]?.[2];
}

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, site-wide, and ends with the session", async () => {
    const options = await setCookieWith({ "x-forwarded-proto": "http" });
    expect(options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
    expect(options?.expires).toEqual(new Date("2026-05-01T00:00:00Z"));
  });

  it("is Secure when the request came over HTTPS (directly or through a proxy)", async () => {
    expect((await setCookieWith({ "x-forwarded-proto": "https" }))?.secure).toBe(true);
  });

  it("follows COOKIE_SECURE when it is set explicitly", async () => {
    process.env.COOKIE_SECURE = "true";
    expect((await setCookieWith({ "x-forwarded-proto": "http" }))?.secure).toBe(true);
  });
});

describe("the client address", () => {
  it("trusts only the entry Next appends unless proxies are configured", async () => {
    const { pickClientIp } = await import("@/lib/request-meta");
    expect(pickClientIp("6.6.6.6, 10.0.0.7", 0)).toBe("10.0.0.7");
    expect(pickClientIp("6.6.6.6, 198.51.100.4, 10.0.0.7", 1)).toBe("198.51.100.4");
    expect(pickClientIp("::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
    expect(pickClientIp(null, 0)).toBe("unknown");
  });
});
