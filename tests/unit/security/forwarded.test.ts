import { describe, expect, it } from "vitest";
import { pickForwardedEntry, pickTrustedForwardedValue, splitForwardedHeader } from "@/lib/security/forwarded";

describe("splitForwardedHeader", () => {
  it("splits, trims and drops empty entries, also of a repeated header", () => {
    expect(splitForwardedHeader(" 6.6.6.6 ,, 10.0.0.7 ")).toEqual(["6.6.6.6", "10.0.0.7"]);
    expect(splitForwardedHeader(["a, b", "c"])).toEqual(["a", "b", "c"]);
    expect(splitForwardedHeader(undefined)).toEqual([]);
    expect(splitForwardedHeader(null)).toEqual([]);
  });
});

describe("pickForwardedEntry", () => {
  it("takes the entry as many steps left of the rightmost as there are trusted hops", () => {
    const entries = ["6.6.6.6", "198.51.100.4", "10.0.0.7"];
    expect(pickForwardedEntry(entries, 0)).toBe("10.0.0.7");
    expect(pickForwardedEntry(entries, 1)).toBe("198.51.100.4");
    expect(pickForwardedEntry(entries, 2)).toBe("6.6.6.6");
  });
  it("falls back to the leftmost entry when the list is shorter, and to nothing when it is empty", () => {
    expect(pickForwardedEntry(["10.0.0.7"], 1)).toBe("10.0.0.7");
    expect(pickForwardedEntry([], 0)).toBeUndefined();
  });
  it("keeps a bounded length of a client-written entry", () => {
    expect(pickForwardedEntry(["x".repeat(10_000)], 0)).toHaveLength(256);
  });
});

describe("pickTrustedForwardedValue", () => {
  it("is what this process saw itself when no proxy is trusted", () => {
    expect(pickTrustedForwardedValue("https", "http", 0)).toBe("http");
    expect(pickTrustedForwardedValue("evil.example", "127.0.0.1:3000", 0)).toBe("127.0.0.1:3000");
  });
  it("is the value the nearest trusted proxy set, not the client's before it", () => {
    expect(pickTrustedForwardedValue("https", "http", 1)).toBe("https");
    expect(pickTrustedForwardedValue("http, https", "http", 1)).toBe("https");
    expect(pickTrustedForwardedValue(undefined, "http", 1)).toBe("http");
    expect(pickTrustedForwardedValue("https, http", "http", 2)).toBe("https");
  });
});
