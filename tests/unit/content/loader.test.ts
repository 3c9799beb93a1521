import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ContentError, loadLibrary, loadMaterial } from "@/lib/content/loader";
import { READING_CHARS_PER_MINUTE } from "@/lib/content/reading-time";

const GOOD_MATERIAL = `---
title: "测试材料"
description: "用于测试的材料。"
order: 2
sections:
  - intro
  - part-1
---
`;
const section = (title: string, body = "正文第一句。正文第二句。") => `---\ntitle: "${title}"\n---\n\n${body}\n`;

const roots: string[] = [];

/** Writes a content tree into a fresh temporary folder and returns the material folder. */
function writeMaterial(files: Record<string, string>, folder = "test-material"): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "content-"));
  roots.push(root);
  const dir = path.join(root, folder);
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function loadError(dir: string): ContentError {
  try {
    loadMaterial(dir);
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error("expected the material to be rejected");
}

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("loadMaterial with valid content", () => {
  it("loads metadata and sections in the listed order with reading estimates", () => {
    const long = "字".repeat(READING_CHARS_PER_MINUTE * 2) + "。";
    const dir = writeMaterial({
      "material.md": GOOD_MATERIAL,
      "part-1.md": section("第一部分 · 测试", long),
      "intro.md": section("导言"),
    });
    const material = loadMaterial(dir);
    expect(material).toMatchObject({ slug: "test-material", title: "测试材料", order: 2 });
    expect(material.sections.map((s) => s.slug)).toEqual(["intro", "part-1"]);
    expect(material.sections[0]).toMatchObject({ title: "导言", chars: 12, minutes: 1 });
    expect(material.sections[1]?.minutes).toBe(3);
    expect(material.chars).toBe(12 + READING_CHARS_PER_MINUTE * 2 + 1);
  });

  it("loads the real content folder", () => {
    const library = loadLibrary(path.resolve(__dirname, "../../../content"));
    expect(library.length).toBeGreaterThan(0);
    expect(library[0]?.sections.length).toBe(11);
  });

  it("orders materials by their order field and ignores folders without material.md", () => {
    const first = writeMaterial({ "material.md": GOOD_MATERIAL, "intro.md": section("导言"), "part-1.md": section("一") }, "b-later");
    const root = path.dirname(first);
    const other = path.join(root, "a-earlier");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "material.md"), GOOD_MATERIAL.replace("order: 2", "order: 1").replace("  - part-1\n", ""));
    fs.writeFileSync(path.join(other, "intro.md"), section("导言"));
    fs.mkdirSync(path.join(root, "drafts"));
    expect(loadLibrary(root).map((m) => m.slug)).toEqual(["a-earlier", "b-later"]);
  });
});

describe("loadMaterial rejects bad content, naming the file and the field", () => {
  const sections = { "intro.md": section("导言"), "part-1.md": section("一") };
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ["a missing title", { "material.md": GOOD_MATERIAL.replace('title: "测试材料"\n', ""), ...sections }, /material\.md: frontmatter field "title" is required/],
    ["an empty title", { "material.md": GOOD_MATERIAL.replace('"测试材料"', '""'), ...sections }, /material\.md: frontmatter field "title" must not be empty/],
    ["a missing description", { "material.md": GOOD_MATERIAL.replace(/description: .*\n/, ""), ...sections }, /material\.md: frontmatter field "description" is required/],
    ["a non-numeric order", { "material.md": GOOD_MATERIAL.replace("order: 2", "order: first"), ...sections }, /material\.md: frontmatter field "order"/],
    ["a missing section list", { "material.md": GOOD_MATERIAL.replace(/sections:[\s\S]*---/, "---"), ...sections }, /material\.md: frontmatter field "sections" is required/],
    ["a bad section slug", { "material.md": GOOD_MATERIAL.replace("part-1", "Part 1"), ...sections }, /material\.md: frontmatter field "sections\.1" must be a lower-case slug/],
    ["a section listed twice", { "material.md": GOOD_MATERIAL.replace("  - part-1", "  - intro"), "intro.md": section("导言") }, /material\.md: frontmatter field "sections" must not list a section twice/],
    ["an unknown field", { "material.md": GOOD_MATERIAL.replace("order: 2", "order: 2\nauthor: 某某"), ...sections }, /material\.md: frontmatter has unknown field\(s\) "author"/],
    ["broken YAML", { "material.md": GOOD_MATERIAL.replace("order: 2", "order: [2"), ...sections }, /material\.md: frontmatter is not valid YAML/],
    ["a missing section file", { "material.md": GOOD_MATERIAL, "intro.md": section("导言") }, /part-1\.md: file is missing or unreadable/],
    ["a section without a title", { "material.md": GOOD_MATERIAL, "intro.md": "---\n---\n\n正文。\n", "part-1.md": section("一") }, /intro\.md: frontmatter field "title" is required/],
    ["a section with an empty body", { "material.md": GOOD_MATERIAL, "intro.md": section("导言", ""), "part-1.md": section("一") }, /intro\.md: section body is empty/],
    ["a section file not listed", { "material.md": GOOD_MATERIAL, ...sections, "part-2.md": section("二") }, /part-2\.md: is not listed in material\.md "sections"/],
  ];

  it.each(cases)("%s", (_label, files, message) => {
    const error = loadError(writeMaterial(files));
    expect(error.message).toMatch(message);
    expect(error.file).toMatch(/test-material/);
  });

  it("a folder name that is not a slug", () => {
    expect(loadError(writeMaterial({ "material.md": GOOD_MATERIAL, ...sections }, "Bad Name")).message).toMatch(/Bad Name: folder name must be a lower-case slug/);
  });
});
