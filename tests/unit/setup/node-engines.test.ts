/**
 * `npm install` warns (EBADENGINE) about every installed package whose `engines.node` does not
 * accept the running Node.js. docx@9 asks for nanoid@6, which wants Node 22; package.json's
 * `overrides` keep docx on nanoid@5 (docx bundles its own copy of nanoid's code in any case).
 * These tests read package-lock.json, what `npm ci` installs, and check it as npm does.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

type Lock = { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lock;

type Version = [number, number, number];

/** "20", "20.9", "20.x.*", "v20.20.2" → the version and how many of its parts were given. */
function parseVersion(text: string): { version: Version; given: number } {
  const parts = text.replace(/^v/, "").split(".").filter((part) => part !== "x" && part !== "X" && part !== "*");
  if (parts.some((part) => !/^\d+$/.test(part))) throw new Error(`cannot read version "${text}"`);
  const numbers = parts.map(Number);
  return { version: [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0], given: Math.min(parts.length, 3) };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The first version past a partial one: "20" → 21.0.0, "20.9" → 20.10.0. */
function bump({ version, given }: { version: Version; given: number }): Version {
  if (given <= 1) return [version[0] + 1, 0, 0];
  if (given === 2) return [version[0], version[1] + 1, 0];
  return [version[0], version[1], version[2] + 1];
}

/** Does a node-semver range (the subset package.json engines use: ||, >=, >, <=, <, ^, ~, x) accept this version? */
function satisfies(version: Version, range: string): boolean {
  return range.split("||").some((alternative) => {
    const comparators = alternative.trim().replace(/(>=|<=|>|<|\^|~|=)\s+/g, "$1").split(/\s+/).filter(Boolean);
    return comparators.every((comparator) => {
      if (comparator === "*" || comparator === "x") return true;
      const [, op = "", rest = ""] = /^(>=|<=|>|<|\^|~|=)?(.*)$/.exec(comparator)!;
      const bound = parseVersion(rest);
      const c = compare(version, bound.version);
      switch (op) {
        case ">=": return c >= 0;
        case ">": return compare(version, bump(bound)) >= 0;
        case "<=": return compare(version, bump(bound)) < 0;
        case "<": return c < 0;
        case "^": {
          const [major, minor] = bound.version;
          const upper: Version = major > 0 || bound.given === 1 ? [major + 1, 0, 0] : minor > 0 || bound.given === 2 ? [0, minor + 1, 0] : bump(bound);
          return c >= 0 && compare(version, upper) < 0;
        }
        case "~": return c >= 0 && compare(version, bound.given === 1 ? [bound.version[0] + 1, 0, 0] : [bound.version[0], bound.version[1] + 1, 0]) < 0;
        default: return c >= 0 && compare(version, bump(bound)) < 0;
      }
    });
  });
}

const running = parseVersion(process.versions.node).version;

describe("satisfies", () => {
  it("reads the range forms found in package-lock.json as npm does", () => {
    const v = (text: string) => parseVersion(text).version;
    expect(satisfies(v("20.20.2"), "^22 || ^24 || >=26")).toBe(false);
    expect(satisfies(v("22.3.0"), "^22 || ^24 || >=26")).toBe(true);
    expect(satisfies(v("20.20.2"), "^18 || >=20")).toBe(true);
    expect(satisfies(v("20.18.0"), "^20.19.0 || >=22.12.0")).toBe(false);
    expect(satisfies(v("20.20.2"), ">=20.9 <23")).toBe(true);
    expect(satisfies(v("23.0.0"), ">=20.9 <23")).toBe(false);
    expect(satisfies(v("20.20.2"), ">= 0.4")).toBe(true);
    expect(satisfies(v("20.20.2"), "20.x || 22.x")).toBe(true);
    expect(satisfies(v("21.1.0"), "20.x || 22.x")).toBe(false);
    expect(satisfies(v("11.0.0"), "10.* || >= 12.*")).toBe(false);
    expect(satisfies(v("8.9.5"), ">=9.4.0 || ^8.9.4")).toBe(true);
    expect(satisfies(v("20.20.2"), "*")).toBe(true);
  });
});

describe("installed packages and the Node.js the project runs on", () => {
  it("every package in package-lock.json accepts the running Node.js (no EBADENGINE from npm install)", () => {
    const refused = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !satisfies(running, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name}@${entry.version} wants node ${(entry.engines as { node: string }).node}`);
    expect(refused, `running Node.js ${process.versions.node}`).toEqual([]);
  });

  it("docx's nanoid is a major that runs on Node.js 20", () => {
    const entry = lock.packages["node_modules/docx/node_modules/nanoid"] ?? lock.packages["node_modules/nanoid"];
    const node = entry?.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
    expect(node, "nanoid's engines").toBeDefined();
    expect(satisfies([20, 9, 0], node!), `nanoid@${entry?.version} wants node ${node}`).toBe(true);
  });
});
