import path from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

async function bundle(entry: string): Promise<{ gzip: number; inputs: string[] }> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "browser",
    external: ["react", "react/jsx-runtime", "react-dom", "next/*"],
    alias: { "@": ROOT },
    jsx: "automatic",
    logLevel: "silent",
  });
  const inputs = Object.keys((result.metafile as Metafile).inputs);
  return { gzip: gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array()).length, inputs };
}

describe("the notes UI's client chunk (loaded lazily on section pages)", () => {
  it("pulls in no zod, server-only, database or Node module", async () => {
    const { inputs } = await bundle("components/notes/section-notes.tsx");
    expect(inputs).toContain("lib/notes/autosave.ts");
    for (const input of inputs) {
      expect(input).not.toMatch(/node_modules|^lib\/(db|schemas|generated|content|auth\/(?!user-hint))|server-only|notes\/(store|reflections|notebook|http|paragraphs)\.ts/);
    }
  });

  it("stays small: under 12 kB gzipped, minified, without React and Next", async () => {
    const { gzip } = await bundle("components/notes/section-notes.tsx");
    expect(gzip).toBeGreaterThan(2000);
    expect(gzip).toBeLessThan(12_000);
  });
});
