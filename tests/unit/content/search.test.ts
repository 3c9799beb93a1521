import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "@/lib/content/loader";
import { renderMarkdown } from "@/lib/content/markdown";
import { MAX_QUERY_LENGTH, buildSnippet, searchMaterials, searchQuerySchema } from "@/lib/content/search";
import { BUILT_IN_ACCESS, type Material } from "@/lib/content/loader";

const library = loadLibrary(path.resolve(__dirname, "../../../content"));

function materialOf(paragraphs: string[]): Material {
  const rendered = renderMarkdown(paragraphs.join("\n\n"));
  const section = { slug: "s", title: "测试节", ...rendered, chars: 0, minutes: 1 };
  return { slug: "m", title: "测试材料", description: "", order: 0, sections: [section], chars: 0, minutes: 1, source: "content", access: BUILT_IN_ACCESS, revision: 0 };
}

function highlighted(segments: Array<{ text: string; match: boolean }>): string[] {
  return segments.filter((s) => s.match).map((s) => s.text);
}

describe("search over the material", () => {
  it.each(["精准施策", "数据治理"])("finds every paragraph containing %s and highlights it", (query) => {
    const { hits, total } = searchMaterials(library, [query]);
    const expected = library.flatMap((m) => m.sections.flatMap((s) => s.paragraphs.filter((p) => p.text.includes(query))));
    expect(expected.length).toBeGreaterThan(0);
    expect(total).toBe(expected.length);
    expect(hits.map((h) => h.paragraphId)).toEqual(expected.map((p) => p.id));
    for (const hit of hits) expect(highlighted(hit.segments)).toContain(query);
  });

  it("requires every term of a multi-word query", () => {
    const material = materialOf(["精准扶贫与数据治理。", "只有精准扶贫。"]);
    const { hits } = searchMaterials([material], ["精准扶贫", "数据治理"]);
    expect(hits).toHaveLength(1);
    expect(highlighted(hits[0]?.segments ?? [])).toEqual(["精准扶贫", "数据治理"]);
  });

  it("matches full-width and half-width forms and letter case alike", () => {
    const material = materialOf(["推进ＧＤＰ核算,提升质量。"]);
    expect(searchMaterials([material], ["gdp"]).total).toBe(1);
    const hit = searchMaterials([material], ["核算，提升"]).hits[0];
    expect(highlighted(hit?.segments ?? [])).toEqual(["核算,提升"]);
  });

  it("finds nothing for text that is not there", () => {
    expect(searchMaterials(library, ["量子计算"]).total).toBe(0);
  });

  it("caps the number of hits but reports the total", () => {
    const material = materialOf(Array.from({ length: 8 }, (_, i) => `第${i}段提到治理。`));
    const result = searchMaterials([material], ["治理"], 3);
    expect(result.hits).toHaveLength(3);
    expect(result.total).toBe(8);
  });
});

describe("search snippets", () => {
  it("cuts long paragraphs around the first match and marks the cuts", () => {
    const text = `${"甲".repeat(200)}目标${"乙".repeat(200)}`;
    const segments = buildSnippet(text, [[200, 202]]);
    expect(segments[0]).toEqual({ text: "…", match: false });
    expect(segments.at(-1)).toEqual({ text: "…", match: false });
    expect(highlighted(segments)).toEqual(["目标"]);
    expect(segments.map((s) => s.text).join("").length).toBeLessThan(170);
  });
});

describe("search query validation", () => {
  it("splits on whitespace of any width", () => {
    expect(searchQuerySchema.parse("  精准 施策\u3000数据 ")).toEqual(["精准", "施策", "数据"]);
  });

  it("rejects an over-long query with a Chinese message", () => {
    const result = searchQuerySchema.safeParse("字".repeat(MAX_QUERY_LENGTH + 1));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("搜索词太长");
  });
});
