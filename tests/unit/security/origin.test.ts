import { describe, expect, it } from "vitest";
import { getRequestHost, isOriginOfHost, isSameOriginRequest } from "@/lib/security/origin";

const headers = (values: Record<string, string>) => new Headers(values);

describe("isOriginOfHost", () => {
  it("matches the host and port of an Origin, case-insensitively", () => {
    expect(isOriginOfHost("http://portal.local:3000", "portal.local:3000")).toBe(true);
    expect(isOriginOfHost("https://XX.gov.cn", "xx.GOV.cn")).toBe(true);
    expect(isOriginOfHost("http://portal.local:3001", "portal.local:3000")).toBe(false);
  });
  it("never matches a missing, opaque or malformed Origin, nor a missing host", () => {
    expect(isOriginOfHost(undefined, "portal.local")).toBe(false);
    expect(isOriginOfHost("null", "portal.local")).toBe(false);
    expect(isOriginOfHost("not a url", "portal.local")).toBe(false);
    expect(isOriginOfHost("http://portal.local", "")).toBe(false);
  });
});

describe("getRequestHost", () => {
  it("is the Host header with no trusted proxy, whatever X-Forwarded-Host says", () => {
    expect(getRequestHost(headers({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" }), 0)).toBe("127.0.0.1:3000");
  });
  it("is the X-Forwarded-Host the trusted proxies vouch for", () => {
    expect(getRequestHost(headers({ host: "127.0.0.1:3000", "x-forwarded-host": "xx.gov.cn" }), 1)).toBe("xx.gov.cn");
    // A client's own X-Forwarded-Host, left of the one the proxy appended.
    expect(getRequestHost(headers({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example, xx.gov.cn" }), 1)).toBe("xx.gov.cn");
    // A proxy that only set Host.
    expect(getRequestHost(headers({ host: "xx.gov.cn" }), 1)).toBe("xx.gov.cn");
  });
});

describe("isSameOriginRequest", () => {
  it("accepts a request whose Origin names the host it was sent to", () => {
    expect(isSameOriginRequest(headers({ origin: "http://portal.local:3000", host: "portal.local:3000" }), 0)).toBe(true);
    expect(isSameOriginRequest(headers({ origin: "https://xx.gov.cn", host: "127.0.0.1:3000", "x-forwarded-host": "xx.gov.cn" }), 1)).toBe(true);
  });
  it("refuses another site, a missing or opaque Origin", () => {
    expect(isSameOriginRequest(headers({ origin: "https://evil.example", host: "portal.local" }), 0)).toBe(false);
    expect(isSameOriginRequest(headers({ host: "portal.local" }), 0)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: "null", host: "portal.local" }), 0)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: "http://portal.local.evil.example", host: "portal.local" }), 0)).toBe(false);
  });
  it("does not let a client's X-Forwarded-Host vouch for another site when no proxy is trusted", () => {
    const forged = headers({ origin: "https://evil.example", host: "portal.local", "x-forwarded-host": "evil.example" });
    expect(isSameOriginRequest(forged, 0)).toBe(false);
    // TRUSTED_PROXY_HOPS is 0 unless set: the default reads it.
    expect(isSameOriginRequest(forged)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: "https://xx.gov.cn", host: "127.0.0.1:3000", "x-forwarded-host": "xx.gov.cn" }), 0)).toBe(false);
  });
});
