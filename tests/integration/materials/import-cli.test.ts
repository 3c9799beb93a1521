/**
 * `npm run material:import` end to end: the folder it writes passes the build's own content check
 * (scripts/check-content.ts, run as `npm run build` runs it), and a refused file leaves nothing behind.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPolicyDocx } from "../../unit/materials/import/helpers";

const ROOT = path.resolve(__dirname, "../../..");
const SPEECH = path.join(ROOT, "tests", "fixtures", "speech-study.txt");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "material-import-cli-"));
const inputs = fs.mkdtempSync(path.join(os.tmpdir(), "material-import-cli-in-"));
afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(inputs, { recursive: true, force: true });
});

const env = { ...process.env, NODE_ENV: "production" as const };

function runImport(args: string[], viaNpm = false) {
  return viaNpm
    ? spawnSync("npm", ["run", "-s", "material:import", "--", ...args], { cwd: ROOT, env, encoding: "utf8" })
    : spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/material-import.ts", ...args], { cwd: ROOT, env, encoding: "utf8" });
}

function runContentCheck(contentDir: string) {
  return spawnSync("npx", ["tsx", "scripts/check-content.ts"], { cwd: ROOT, env: { ...env, CONTENT_DIR: contentDir }, encoding: "utf8" });
}

function snapshot(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

// Each run is a fresh tsx process compiling the importer: seconds each, more on a busy machine.
describe("npm run material:import", { timeout: 180_000 }, () => {
  it("writes the supplied text as a content folder the build accepts, without the paywall notice", () => {
    const result = runImport([SPEECH, "--slug", "speech-study", "--out", out], true);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("11 section(s)");
    expect(result.stdout).toMatch(/left out 2 paragraph\(s\)/u);
    const files = fs.readdirSync(path.join(out, "speech-study")).sort();
    expect(files).toEqual(["intro.md", "material.md", "summary.md", ...Array.from({ length: 9 }, (_, i) => `part-${i + 1}.md`)].sort());
    for (const file of files) {
      const text = fs.readFileSync(path.join(out, "speech-study", file), "utf8");
      expect(text).not.toMatch(/此处省略|登录会员/u);
    }
    const check = runContentCheck(out);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain("Content OK: 1 material(s), 11 section(s)");
  });

  it("writes a Word file with the given title after the materials already there", async () => {
    const docx = path.join(inputs, "意见.docx");
    fs.writeFileSync(docx, await buildPolicyDocx());
    const result = runImport([docx, "--slug", "grassroots-governance", "--out", out, "--title", "基层治理实施意见"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("1 image(s) not imported");
    const material = fs.readFileSync(path.join(out, "grassroots-governance", "material.md"), "utf8");
    expect(material).toContain('title: "基层治理实施意见"');
    expect(material).toContain("order: 2");
    expect(fs.readFileSync(path.join(out, "grassroots-governance", "part-2.md"), "utf8")).toContain("| 任务 | 牵头单位 | 完成时限 |");
    const check = runContentCheck(out);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain("Content OK: 2 material(s), 14 section(s)");
  });

  it("refuses a slug that exists and a broken file in English, changing nothing", () => {
    const before = snapshot(out);
    const intro = fs.readFileSync(path.join(out, "speech-study", "intro.md"), "utf8");
    const taken = runImport([SPEECH, "--slug", "speech-study", "--out", out]);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain("A material with this slug already exists. (speech-study) [slug-exists]");
    const broken = path.join(inputs, "broken.docx");
    fs.writeFileSync(broken, "PK\u0003\u0004 not really a zip");
    const corrupt = runImport([broken, "--slug", "broken", "--out", out]);
    expect(corrupt.status).toBe(1);
    expect(corrupt.stderr).toContain("[docx-corrupt]");
    expect(snapshot(out)).toEqual(before);
    expect(fs.readFileSync(path.join(out, "speech-study", "intro.md"), "utf8")).toBe(intro);
  });

  it("prints its usage when the slug is missing", () => {
    const result = runImport([SPEECH]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: npm run material:import");
  });
});
