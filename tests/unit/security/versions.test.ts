import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

function installedVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

function atLeast(version: string, minimum: string): boolean {
  const a = version.split(/[.-]/).slice(0, 3).map(Number);
  const b = minimum.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

// Versions with published fixes for React Server Components / Next.js advisories.
describe("patched framework versions", () => {
  it.each([
    ["next", "16.3.3"],
    ["react", "19.2.8"],
    ["react-dom", "19.2.8"],
  ])("%s is at least %s", (name, minimum) => {
    expect(atLeast(installedVersion(name), minimum), `${name} ${installedVersion(name)}`).toBe(true);
  });

  it("compares versions correctly", () => {
    expect(atLeast("16.4.6", "16.3.3")).toBe(true);
    expect(atLeast("16.3.2", "16.3.3")).toBe(false);
    expect(atLeast("19.10.0", "19.2.8")).toBe(true);
  });
});
