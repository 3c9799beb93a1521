import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "@/lib/content/loader";

// The seed exactly as supplied: one line with the title and the whole text, then two lines of a
// members-only paywall notice from the web page it was copied from.
const seedLines = fs.readFileSync(path.join(__dirname, "../../fixtures/speech-study.txt"), "utf8").split("\n");
const PAYWALL_MARKERS = ["此处省略", "登录会员", "阅读正文所有内容"];
const material = loadLibrary(path.resolve(__dirname, "../../../content")).find((m) => m.slug === "deep-poverty-speech");

function sentencesOf(text: string): string[] {
  return text.match(/[^。]+。/gu) ?? [];
}

describe("the first study material is faithful to the seed text", () => {
  it("finds the material and the paywall notice where the seed README says", () => {
    expect(material).toBeDefined();
    expect(seedLines).toHaveLength(3);
    expect(seedLines[1]).toContain("此处省略");
    expect(seedLines[2]).toContain("登录会员");
  });

  const source = seedLines[0] ?? "";
  const sections = material?.sections ?? [];
  const body = sections.flatMap((section) => section.paragraphs.map((p) => p.text)).join("");

  it("uses the seed's title and reproduces the rest of the seed exactly, in order", () => {
    expect(material?.title).toBe(source.slice(0, material?.title.length));
    expect(body).toBe(source.slice(material?.title.length));
  });

  it("keeps every sentence of the seed, in order", () => {
    const expected = sentencesOf(source.slice(material?.title.length));
    const actual = sentencesOf(body);
    expect(expected.length).toBeGreaterThan(80);
    expect(actual).toEqual(expected);
  });

  it("has the introduction, nine parts and the summary, each part opening with its own words", () => {
    expect(sections.map((s) => s.slug)).toEqual(["intro", ...Array.from({ length: 9 }, (_, i) => `part-${i + 1}`), "summary"]);
    const numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    numerals.forEach((numeral, i) => {
      const section = sections[i + 1];
      expect(section?.title.startsWith(`第${numeral}部分 · `)).toBe(true);
      expect(section?.paragraphs[0]?.text.startsWith(`第${numeral}部分`)).toBe(true);
    });
    expect(sections.at(-1)?.paragraphs[0]?.text.startsWith("最后一部分")).toBe(true);
  });

  it("breaks paragraphs only at sentence ends", () => {
    for (const paragraph of sections.flatMap((s) => s.paragraphs)) {
      expect(paragraph.text.endsWith("。")).toBe(true);
    }
  });

  it("never carries the paywall notice, in the files or in the rendered pages", () => {
    const dir = path.resolve(__dirname, "../../../content");
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      for (const marker of PAYWALL_MARKERS) expect(text, file).not.toContain(marker);
    }
    for (const section of sections) {
      for (const marker of PAYWALL_MARKERS) expect(section.html).not.toContain(marker);
    }
  });
});
