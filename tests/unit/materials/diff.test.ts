import { describe, expect, it } from "vitest";
import { paragraphIdFor } from "@/lib/content/markdown";
import { diffParagraphs, diffSections } from "@/lib/materials/diff";

const para = (text: string) => ({ id: paragraphIdFor(text), text });
const list = (...texts: string[]) => texts.map(para);

describe("diffParagraphs", () => {
  it("pairs a removal and an addition at one place as a change, and keeps moves of unrelated paragraphs apart", () => {
    const before = list("甲。", "乙。", "丙。", "丁。");
    const after = list("甲。", "乙，改。", "丙。", "戊。", "丁。");
    expect(diffParagraphs(before, after)).toEqual([
      { kind: "changed", before: para("乙。"), after: para("乙，改。") },
      { kind: "added", after: para("戊。") },
    ]);
  });

  it("reports a paragraph removed at the end, and nothing for identical texts", () => {
    expect(diffParagraphs(list("甲。", "乙。"), list("甲。"))).toEqual([{ kind: "removed", before: para("乙。") }]);
    expect(diffParagraphs(list("甲。", "乙。"), list("甲。", "乙。"))).toEqual([]);
  });

  it("treats a re-wrapped paragraph as unchanged, as progress and notes do (ids normalize whitespace)", () => {
    expect(diffParagraphs([para("坚持 人民至上。")], [para("坚持  人民至上。")])).toEqual([]);
  });
});

describe("diffSections", () => {
  it("lists sections in the new order, then the removed ones, with a rename and its earlier title", () => {
    const diff = diffSections(
      [
        { slug: "a", title: "一", paragraphs: list("甲。") },
        { slug: "b", title: "二", paragraphs: list("乙。") },
      ],
      [
        { slug: "c", title: "三", paragraphs: list("丙。") },
        { slug: "a", title: "一（修订）", paragraphs: list("甲。") },
      ],
    );
    expect(diff.map((d) => [d.slug, d.state])).toEqual([["c", "added"], ["a", "changed"], ["b", "removed"]]);
    expect(diff[1]).toMatchObject({ previousTitle: "一", changes: [], counts: { added: 0, changed: 0, removed: 0 } });
    expect(diff[2]!.counts).toEqual({ added: 0, changed: 0, removed: 1 });
  });
});
