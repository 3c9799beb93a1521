import { describe, expect, it } from "vitest";
import { paragraphIdFor, renderMarkdown } from "@/lib/content/markdown";

const doc = ["第一段，讲理念。", "第二段，讲制度。", "第三段，讲落实。"];

describe("renderMarkdown paragraph ids", () => {
  it("gives every paragraph an id derived from its own text", () => {
    const { html, paragraphs } = renderMarkdown(doc.join("\n\n"));
    expect(paragraphs.map((p) => p.text)).toEqual(doc);
    for (const p of paragraphs) {
      expect(p.id).toMatch(/^p-[0-9a-f]{10}$/);
      expect(html).toContain(`<p id="${p.id}">`);
    }
    expect(new Set(paragraphs.map((p) => p.id)).size).toBe(3);
  });

  it("keeps the other ids when one paragraph is edited, inserted or removed", () => {
    const before = renderMarkdown(doc.join("\n\n")).paragraphs.map((p) => p.id);
    const edited = renderMarkdown([doc[0], "第二段，改写后讲制度。", doc[2]].join("\n\n")).paragraphs.map((p) => p.id);
    expect(edited[0]).toBe(before[0]);
    expect(edited[1]).not.toBe(before[1]);
    expect(edited[2]).toBe(before[2]);

    const inserted = renderMarkdown(["新增的导语。", ...doc].join("\n\n")).paragraphs.map((p) => p.id);
    expect(inserted.slice(1)).toEqual(before);
    const removed = renderMarkdown([doc[0], doc[2]].join("\n\n")).paragraphs.map((p) => p.id);
    expect(removed).toEqual([before[0], before[2]]);
  });

  it("does not change an id when only the line wrapping of its source changes", () => {
    expect(renderMarkdown("第一段，\n讲理念。").paragraphs[0]?.id).toBe(paragraphIdFor("第一段， 讲理念。"));
  });

  it("disambiguates identical paragraphs within a section", () => {
    const { paragraphs } = renderMarkdown("同一句话。\n\n同一句话。");
    expect(paragraphs[1]?.id).toBe(`${paragraphs[0]?.id}-2`);
  });

  it("ids headings and list items, and demotes body h1 below the page title", () => {
    const { html, paragraphs } = renderMarkdown("# 小标题\n\n- 要点一\n- 要点二\n");
    expect(html).toMatch(/<h2 id="p-[0-9a-f]{10}">小标题<\/h2>/);
    expect(html).not.toContain("<h1");
    expect(paragraphs.map((p) => p.text)).toEqual(["小标题", "要点一", "要点二"]);
  });

  it("changes the section version exactly when the paragraphs change", () => {
    const a = renderMarkdown(doc.join("\n\n")).version;
    expect(renderMarkdown(doc.join("\n\n")).version).toBe(a);
    expect(renderMarkdown(doc.join("\n\n\n")).version).toBe(a);
    expect(renderMarkdown(doc.slice(0, 2).join("\n\n")).version).not.toBe(a);
  });

  it("counts characters without whitespace", () => {
    expect(renderMarkdown("一二 三。").paragraphs[0]?.chars).toBe(4);
  });
});

describe("renderMarkdown neutralizes HTML in content", () => {
  const payloads = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://example.com"></iframe>',
    '<div style="background:url(javascript:alert(1))">样式</div>',
    "![图](x\" onerror=\"alert(1))",
  ];

  // Text nodes escape "<", so every "<" left in the output opens a real tag: inspect those.
  const SAFE_TAGS = new Set(["p", "a", "img", "em", "strong", "code", "br"]);

  it.each(payloads)("renders %s inert", (payload) => {
    const { html } = renderMarkdown(`正文开始。\n\n${payload}\n\n正文结束。`);
    const tags = html.match(/<[a-z][^>]*>/giu) ?? [];
    for (const tag of tags) {
      const name = /^<([a-z0-9]+)/iu.exec(tag)?.[1]?.toLowerCase() ?? "";
      expect(SAFE_TAGS.has(name), tag).toBe(true);
      expect(tag).not.toMatch(/\son[a-z]+\s*=|javascript:|data:|style=|srcdoc=/iu);
    }
    expect(html).toContain("正文开始。");
    expect(html).toContain("正文结束。");
  });
});

describe("renderMarkdown tables", () => {
  it("renders a GitHub-style table as an HTML table and keeps raw HTML out of its cells", () => {
    const { html } = renderMarkdown("| 指标 | 目标 |\n| --- | --- |\n| 覆盖率 | 100% <script>alert(1)</script> |\n");
    expect(html).toContain("<table>");
    expect(html).toContain("<th>指标</th>");
    expect(html).toContain("<td>覆盖率</td>");
    expect(html).not.toContain("<script");
  });
});
