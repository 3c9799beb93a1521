import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "content-check-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runCheck(contentDir: string) {
  // As `npm run build` runs it, not with vitest's NODE_ENV=test.
  const env = { ...process.env, CONTENT_DIR: contentDir, NODE_ENV: "production" as const };
  return spawnSync("npx", ["tsx", "scripts/check-content.ts"], { cwd: ROOT, env, encoding: "utf8" });
}

describe("the prebuild content check", () => {
  it("passes on the real content", () => {
    const result = runCheck("content");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("11 section(s)");
    expect(result.stdout).toContain("Quiz OK: deep-poverty-speech, 10 question(s).");
  });

  it("stops the build naming the file and the field", () => {
    fs.cpSync(path.join(ROOT, "content"), dir, { recursive: true });
    const file = path.join(dir, "deep-poverty-speech", "part-3.md");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^title: .*$/m, "title: 42"));
    const result = runCheck(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/deep-poverty-speech\/part-3\.md: frontmatter field "title"/);
  });

  it("stops the build on a bad quiz.md, naming the file and the field", () => {
    const quizDir = fs.mkdtempSync(path.join(os.tmpdir(), "quiz-check-"));
    try {
      fs.cpSync(path.join(ROOT, "content"), quizDir, { recursive: true });
      const file = path.join(quizDir, "deep-poverty-speech", "quiz.md");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("answer: c\n", "answer: z\n"));
      const result = runCheck(quizDir);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/deep-poverty-speech\/quiz\.md: frontmatter field "questions\.1\.answer"/);
    } finally {
      fs.rmSync(quizDir, { recursive: true, force: true });
    }
  });
});
