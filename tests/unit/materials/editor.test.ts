import { describe, expect, it } from "vitest";
import {
  countFlagged,
  dropFlagged,
  dropParagraph,
  mergeWithNext,
  renameSection,
  splitSection,
  toImportedSections,
  uniqueSectionSlug,
  type EditorSection,
} from "@/lib/materials/editor";

const p = (text: string, junk = false) => ({ kind: "paragraph" as const, text, flags: junk ? (["junk"] as const).slice() : [], html: `<p>${text}</p>` });

function material(): EditorSection[] {
  return [
    { slug: "intro", title: "导言", paragraphs: [p("甲。"), p("乙。")] },
    { slug: "part-1", title: "第一部分", paragraphs: [p("丙，丁。"), p("戊。"), p("登录会员阅读全文", true)] },
    { slug: "part-2", title: "第二部分", paragraphs: [p("己。")] },
  ];
}

describe("the preview editor's operations", () => {
  it("renames a section, trimming spaces, and refuses an empty or overlong title", () => {
    const before = material();
    const after = renameSection(before, 1, "  第一部分 · 新名  ");
    expect(after[1]!.title).toBe("第一部分 · 新名");
    expect(before[1]!.title).toBe("第一部分");
    expect(after[0]).toBe(before[0]);
    expect(() => renameSection(before, 1, "   ")).toThrow(RangeError);
    expect(() => renameSection(before, 1, "长".repeat(201))).toThrow(RangeError);
    expect(() => renameSection(before, 5, "x")).toThrow(RangeError);
  });

  it("merges a section with the next, keeping the first one's slug and title, and refuses the last", () => {
    const after = mergeWithNext(material(), 0);
    expect(after.map((s) => s.slug)).toEqual(["intro", "part-2"]);
    expect(after[0]!.title).toBe("导言");
    expect(after[0]!.paragraphs.map((x) => x.text)).toEqual(["甲。", "乙。", "丙，丁。", "戊。", "登录会员阅读全文"]);
    expect(() => mergeWithNext(material(), 2)).toThrow(RangeError);
  });

  it("splits a section at a paragraph into a new section with a unique slug and a title from its first clause", () => {
    const after = splitSection(material(), 1, 1);
    expect(after.map((s) => s.slug)).toEqual(["intro", "part-1", "part-1-2", "part-2"]);
    expect(after[1]!.paragraphs.map((x) => x.text)).toEqual(["丙，丁。"]);
    expect(after[2]!.title).toBe("戊");
    expect(after[2]!.paragraphs.map((x) => x.text)).toEqual(["戊。", "登录会员阅读全文"]);
    // Splitting the new section again does not reuse a taken slug.
    const again = splitSection(after, 2, 1);
    expect(again.map((s) => s.slug)).toEqual(["intro", "part-1", "part-1-2", "part-1-2-2", "part-2"]);
    expect(() => splitSection(material(), 1, 0)).toThrow(RangeError);
    expect(() => splitSection(material(), 1, 3)).toThrow(RangeError);
  });

  it("cuts a long first clause for the new section's title", () => {
    const long = [{ slug: "s", title: "全文", paragraphs: [p("一。"), p(`${"很".repeat(40)}，后文。`)] }];
    expect(splitSection(long, 0, 1)[1]!.title).toBe(`${"很".repeat(30)}…`);
  });

  it("drops a paragraph, and the section with its last paragraph", () => {
    const after = dropParagraph(material(), 1, 2);
    expect(after[1]!.paragraphs.map((x) => x.text)).toEqual(["丙，丁。", "戊。"]);
    const without = dropParagraph(material(), 2, 0);
    expect(without.map((s) => s.slug)).toEqual(["intro", "part-1"]);
    expect(() => dropParagraph(material(), 1, 9)).toThrow(RangeError);
  });

  it("counts and drops every flagged paragraph", () => {
    expect(countFlagged(material(), "junk")).toBe(1);
    const after = dropFlagged(material(), "junk");
    expect(countFlagged(after, "junk")).toBe(0);
    expect(after[1]!.paragraphs).toHaveLength(2);
  });

  it("leaves the preview HTML out of what is sent to the server", () => {
    const sent = toImportedSections(material());
    expect(sent[0]!.paragraphs[0]).toEqual({ kind: "paragraph", text: "甲。", flags: [] });
    expect(JSON.stringify(sent)).not.toContain("<p>");
  });

  it("finds a free slug", () => {
    expect(uniqueSectionSlug(material(), "part-1")).toBe("part-1-2");
  });
});
