import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const ENTRY = path.join(ROOT, "components/reading-tracker.tsx");

/** Every file of ours the tracker pulls into the browser, following relative and @/ imports. */
function collectImports(file: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(file)) return seen;
  const source = fs.readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/^(?:import|export)\s(?:type\s)?[^;]*?from\s+"([^"]+)"/gm)]
    .filter((match) => !/^import\s+type\s/.test(match[0]))
    .map((match) => match[1] ?? "");
  seen.set(file, specifiers);
  for (const specifier of specifiers) {
    const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(file), specifier) : null;
    if (!base) continue;
    const resolved = [".ts", ".tsx", "/index.ts"].map((ext) => base + ext).find((candidate) => fs.existsSync(candidate));
    if (resolved) collectImports(resolved, seen);
  }
  return seen;
}

describe("the reading tracker's client bundle", () => {
  it("imports no zod, server-only, Node or database module", () => {
    const graph = collectImports(ENTRY);
    expect([...graph.keys()].map((file) => path.relative(ROOT, file))).toContain("lib/progress/config.ts");
    const packages = [...graph.values()].flat().filter((s) => !s.startsWith(".") && !s.startsWith("@/"));
    expect(packages.sort()).toEqual(["react"]);
    for (const file of graph.keys()) expect(path.relative(ROOT, file)).not.toMatch(/^lib\/(db|schemas|generated|auth\/(?!user-hint))/);
  });

  it("stays small: under 5 kB gzipped, minified, without React", async () => {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      minify: true,
      write: false,
      format: "esm",
      platform: "browser",
      external: ["react", "react/jsx-runtime"],
      alias: { "@": ROOT },
      jsx: "automatic",
      logLevel: "silent",
    });
    const bytes = gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array()).length;
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(5000);
  });
});
