import { describe, expect, it } from "vitest";
import { parseServerArgs } from "@/lib/server/main";

describe("parseServerArgs", () => {
  it("reads next start's -p/--port, -H/--hostname and --keepAliveTimeout", () => {
    expect(parseServerArgs(["-p", "4000", "-H", "127.0.0.1"])).toEqual({ port: 4000, hostname: "127.0.0.1", keepAliveTimeoutMs: undefined });
    expect(parseServerArgs(["--port=4001", "--hostname", "::", "--keepAliveTimeout", "65000"])).toEqual({ port: 4001, hostname: "::", keepAliveTimeoutMs: 65_000 });
    expect(parseServerArgs([])).toEqual({ port: undefined, hostname: undefined, keepAliveTimeoutMs: undefined });
  });

  it("refuses a bad port or an unknown option with the usage", () => {
    expect(() => parseServerArgs(["-p", "http"])).toThrow(/--port must be a whole number from 1 to 65535, got "http"\nusage: npm start/);
    expect(() => parseServerArgs(["-p", "70000"])).toThrow(/--port must be/);
    expect(() => parseServerArgs(["--turbo"])).toThrow(/Unknown option '--turbo'[\s\S]*usage: npm start/);
  });
});
