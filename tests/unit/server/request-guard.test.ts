import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { checkPageBody, isCrossSiteAction, PAGE_BODY_LIMIT_BYTES, trustForwardedHeaders } from "@/lib/server/request-guard";

/** The parts of a Node request the guard reads: method, URL, headers (lower-case) and the socket. */
function request(options: { method?: string; url?: string; headers?: Record<string, string>; remoteAddress?: string; encrypted?: boolean }): IncomingMessage {
  return {
    method: options.method ?? "GET",
    url: options.url ?? "/",
    headers: { host: "127.0.0.1:3000", ...options.headers },
    socket: { remoteAddress: options.remoteAddress ?? "192.0.2.10", encrypted: options.encrypted },
  } as unknown as IncomingMessage;
}

describe("trustForwardedHeaders", () => {
  it("appends the peer address to X-Forwarded-For, or starts it", () => {
    const forged = request({ headers: { "x-forwarded-for": "10.9.9.10" } });
    trustForwardedHeaders(forged, 0);
    expect(forged.headers["x-forwarded-for"]).toBe("10.9.9.10, 192.0.2.10");
    const plain = request({});
    trustForwardedHeaders(plain, 0);
    expect(plain.headers["x-forwarded-for"]).toBe("192.0.2.10");
  });

  it("with no trusted proxy, replaces the client's X-Forwarded-Proto, -Host and -Port by what the socket saw", () => {
    const forged = request({ headers: { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example", "x-forwarded-port": "443" } });
    trustForwardedHeaders(forged, 0);
    expect(forged.headers).toMatchObject({ "x-forwarded-proto": "http", "x-forwarded-host": "127.0.0.1:3000" });
    expect(forged.headers["x-forwarded-port"]).toBeUndefined();
    const tls = request({ encrypted: true });
    trustForwardedHeaders(tls, 0);
    expect(tls.headers["x-forwarded-proto"]).toBe("https");
  });

  it("with a trusted proxy, keeps the proxy's X-Forwarded-Proto and -Host, one value each", () => {
    const proxied = request({ headers: { "x-forwarded-proto": "http, https", "x-forwarded-host": "evil.example, xx.gov.cn", "x-forwarded-port": "443" } });
    trustForwardedHeaders(proxied, 1);
    expect(proxied.headers).toMatchObject({ "x-forwarded-proto": "https", "x-forwarded-host": "xx.gov.cn", "x-forwarded-port": "443" });
    const bare = request({});
    trustForwardedHeaders(bare, 1);
    expect(bare.headers).toMatchObject({ "x-forwarded-proto": "http", "x-forwarded-host": "127.0.0.1:3000" });
  });
});

describe("isCrossSiteAction", () => {
  const guarded = (options: Parameters<typeof request>[0], hops = 0) => {
    const incoming = request(options);
    trustForwardedHeaders(incoming, hops);
    return isCrossSiteAction(incoming);
  };

  it("flags a Next-Action POST or a form posted to a page from another site", () => {
    expect(guarded({ method: "POST", url: "/login", headers: { "next-action": "abc", origin: "https://evil.example" } })).toBe(true);
    expect(guarded({ method: "POST", url: "/login", headers: { "content-type": "multipart/form-data; boundary=x", origin: "https://evil.example" } })).toBe(true);
    expect(guarded({ method: "POST", url: "/login", headers: { "content-type": "application/x-www-form-urlencoded", origin: "null" } })).toBe(true);
  });

  it("does not take a client's X-Forwarded-Host as the site's own with no trusted proxy; does with one", () => {
    const headers = { "next-action": "abc", origin: "https://xx.gov.cn", "x-forwarded-host": "xx.gov.cn" };
    expect(guarded({ method: "POST", url: "/login", headers }, 0)).toBe(true);
    expect(guarded({ method: "POST", url: "/login", headers }, 1)).toBe(false);
  });

  it("lets through same-site actions, other methods, route handlers' own uploads and POSTs without Origin", () => {
    expect(guarded({ method: "POST", url: "/login", headers: { "next-action": "abc", origin: "http://127.0.0.1:3000" } })).toBe(false);
    expect(guarded({ method: "GET", url: "/login", headers: { "next-action": "abc", origin: "https://evil.example" } })).toBe(false);
    // /api/ route handlers answer cross-site requests themselves, in their own JSON shape.
    expect(guarded({ method: "POST", url: "/api/admin/import", headers: { "content-type": "multipart/form-data; boundary=x", origin: "https://evil.example" } })).toBe(false);
    expect(guarded({ method: "POST", url: "/api/progress", headers: { "content-type": "application/json", origin: "https://evil.example" } })).toBe(false);
    expect(guarded({ method: "POST", url: "/login", headers: { "next-action": "abc" } })).toBe(false);
  });
});

describe("checkPageBody", () => {
  const post = (url: string, headers: Record<string, string>) => checkPageBody(request({ method: "POST", url, headers }));

  it("refuses a page body declared over the actions' limit with 413, and one at the limit passes", () => {
    expect(post("/login", { "next-action": "abc", "content-length": String(PAGE_BODY_LIMIT_BYTES + 1) })).toMatchObject({ status: 413, error: "too_large" });
    expect(post("/admin/users/new", { "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * 2 ** 20) })).toMatchObject({ status: 413 });
    expect(post("/login", { "next-action": "abc", "content-length": String(PAGE_BODY_LIMIT_BYTES) })).toBeNull();
  });

  it("refuses a chunked page body with no length (411): it could only be bounded by reading it", () => {
    const refusal = post("/login", { "next-action": "abc", "transfer-encoding": "chunked" });
    expect(refusal).toMatchObject({ status: 411, error: "length_required" });
    expect(refusal?.message).toMatch(/[\u4e00-\u9fff]/u);
  });

  it("leaves route handlers, reads and bodiless requests alone", () => {
    expect(post("/api/progress", { "transfer-encoding": "chunked" })).toBeNull();
    expect(post("/api/admin/import", { "content-length": String(5 * 2 ** 20) })).toBeNull();
    expect(checkPageBody(request({ method: "GET", url: "/", headers: { "content-length": String(2 * PAGE_BODY_LIMIT_BYTES) } }))).toBeNull();
    expect(post("/login", {})).toBeNull();
  });
});
