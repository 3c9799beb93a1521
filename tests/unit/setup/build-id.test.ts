import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getBuildId } from "@/lib/setup/build-id";

const ROOT = path.resolve(__dirname, "../../..");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-build-id-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("getBuildId", () => {
  it("uses PORTAL_BUILD_ID when given, and refuses one that cannot be part of a URL", () => {
    expect(getBuildId({ override: " release-2026.11_3 ", root: ROOT })).toBe("release-2026.11_3");
    expect(() => getBuildId({ override: "v1/../x", root: ROOT })).toThrow(/^PORTAL_BUILD_ID must be 1-64 characters .* got "v1\/\.\.\/x"$/);
    expect(() => getBuildId({ override: "x".repeat(65), root: ROOT })).toThrow(/PORTAL_BUILD_ID must be/);
  });

  it("is the git commit of the checkout", () => {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    expect(getBuildId({ root: ROOT })).toBe(head);
  });

  it("without git, is a hash of package.json and the lockfile: equal for equal files, different otherwise", () => {
    const a = project({ "package.json": '{"version":"1.0.0"}', "package-lock.json": '{"lockfileVersion":3}' });
    const b = project({ "package.json": '{"version":"1.0.0"}', "package-lock.json": '{"lockfileVersion":3}' });
    const c = project({ "package.json": '{"version":"1.0.1"}', "package-lock.json": '{"lockfileVersion":3}' });
    const id = getBuildId({ root: a });
    expect(id).toMatch(/^pkg-[0-9a-f]{32}$/);
    expect(getBuildId({ root: b })).toBe(id);
    expect(getBuildId({ root: c })).not.toBe(id);
  });
});
