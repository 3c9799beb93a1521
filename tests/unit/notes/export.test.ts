import JSZip from "jszip";
import type { Root, RootContent, PhrasingContent } from "mdast";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { notebookToDocx } from "@/lib/notes/export-docx";
import { notebookToMarkdown } from "@/lib/notes/export-markdown";
import { toLines } from "@/lib/notes/format";
import type { Notebook } from "@/lib/notes/notebook";
import type { ReflectionView } from "@/lib/notes/reflections";
import type { NoteView } from "@/lib/notes/store";
import { XSS_PAYLOADS } from "../../fixtures/xss-payloads";

let counter = 0;
function note(quote: string, body: string, placed = true): NoteView {
  counter++;
  return {
    id: `note-${String(counter).padStart(12, "0")}`,
    materialSlug: "deep-poverty-speech",
    sectionSlug: "part-1",
    quote,
    body,
    rev: 1,
    createdAt: "2026-11-29T01:00:00.000Z",
    updatedAt: "2026-11-29T01:00:00.000Z",
    placement: placed ? { paragraphId: "p-0123456789", start: 0, end: quote.length } : null,
  };
}

function reflection(body: string, submittedAt: string | null = null): ReflectionView {
  return { materialSlug: "deep-poverty-speech", sectionSlug: null, body, rev: 1, updatedAt: "2026-11-29T01:00:00.000Z", submittedAt, changedSinceSubmit: false, canWithdraw: true, review: { state: submittedAt ? "SUBMITTED" : null, returned: null, comments: [] } };
}

const TRICKY = [
  "第一行\n第二行\n\n新的一段",
  "# 不是标题\n- 不是列表\n1. 也不是\n> 不是引文",
  "    四个空格开头不是代码块",
  "*星号* _下划线_ `反引号` [方括号](括号) ![图](x) | 竖线 | \\ 反斜杠结尾\\",
  "<b>尖括号</b> &amp; 实体 &#60; 数字实体",
  "　　全角空格开头的段落",
];

function sampleNotebook(): Notebook {
  return {
    ownerName: "王建国",
    exportedAt: new Date("2026-11-29T12:00:00Z"),
    materials: [
      {
        slug: "deep-poverty-speech",
        title: "深度贫困地区脱贫攻坚座谈会讲话",
        sections: [
          {
            slug: "part-1",
            title: "第一部分 · 理念与制度框架的内在统一",
            notes: [note("以人民为中心的发展思想", "这是核心。\n要落实到制度。"), note("共同富裕", ""), ...TRICKY.map((t, i) => note(`引文${i}`, t))],
            orphans: [note("修订后删除的一句话", "这条笔记的原文已修改", false)],
            reflection: { ...reflection("本节心得：精准扶贫\n第二行", "2026-11-29T02:00:00.000Z"), sectionSlug: "part-1" },
          },
          {
            slug: "part-2",
            title: "第二部分",
            notes: XSS_PAYLOADS.map((payload, i) => note(`攻击引文${i}`, payload)),
            orphans: [],
            reflection: { ...reflection(XSS_PAYLOADS.join("\n")), sectionSlug: "part-2" },
          },
        ],
        reflection: reflection("全文心得\n写完了。"),
      },
    ],
  };
}

function allNotes(notebook: Notebook): NoteView[] {
  return notebook.materials.flatMap((m) => m.sections.flatMap((s) => [...s.notes, ...s.orphans]));
}

/** Text of a Markdown block as a reader sees it: hard breaks become line breaks. */
function inlineText(nodes: PhrasingContent[]): string {
  return nodes
    .map((node) => {
      if (node.type === "text") return node.value;
      if (node.type === "break") return "\n";
      if ("children" in node) return inlineText(node.children as PhrasingContent[]);
      if (node.type === "html") throw new Error(`raw HTML survived escaping: ${node.value}`);
      return "value" in node ? String(node.value) : "";
    })
    .join("");
}

type Block = { type: string; depth?: number; text: string };

function blocksOf(markdown: string): Block[] {
  const tree = unified().use(remarkParse).parse(markdown) as Root;
  const walk = (node: RootContent): Block[] => {
    if (node.type === "heading") return [{ type: "heading", depth: node.depth, text: inlineText(node.children) }];
    if (node.type === "paragraph") return [{ type: "paragraph", text: inlineText(node.children) }];
    if (node.type === "blockquote") return [{ type: "quote", text: node.children.flatMap(walk).map((b) => b.text).join("\n\n") }];
    throw new Error(`unexpected ${node.type} block: reader text became Markdown structure`);
  };
  return tree.children.flatMap(walk);
}

/** What a note body should read as after export: line breaks kept, blank-line runs collapsed. */
const expectedText = (text: string) => toLines(text).join("\n");

describe("Markdown export", () => {
  it("round-trips: a CommonMark parser reads back every heading, quote and note exactly", () => {
    const notebook = sampleNotebook();
    const blocks = blocksOf(notebookToMarkdown(notebook));
    expect(blocks[0]).toEqual({ type: "heading", depth: 1, text: "学习笔记本" });
    const headings = blocks.filter((b) => b.type === "heading").map((b) => `${b.depth}:${b.text}`);
    expect(headings).toEqual(
      expect.arrayContaining([
        "2:深度贫困地区脱贫攻坚座谈会讲话",
        "3:第一部分 · 理念与制度框架的内在统一",
        "3:第二部分",
        "4:原文已修改的笔记",
      ]),
    );
    // Each note: its quote as a block quote, followed by its text (one or more paragraphs).
    for (const n of allNotes(notebook)) {
      const at = blocks.findIndex((b) => b.type === "quote" && b.text === n.quote);
      expect(at, `quote of ${n.id}`).toBeGreaterThanOrEqual(0);
      const following: string[] = [];
      for (const b of blocks.slice(at + 1)) {
        if (b.type !== "paragraph") break;
        following.push(b.text);
      }
      expect(following.join("\n\n")).toBe(n.body.trim() ? expectedText(n.body) : "（划线）");
    }
    expect(blocks.some((b) => b.type === "heading" && b.text.startsWith("本节心得（已提交 2026年11月29日 10:00）"))).toBe(true);
    expect(blocks.some((b) => b.type === "paragraph" && b.text === "全文心得\n写完了。")).toBe(true);
  });

  it("is inert in a Markdown viewer that allows raw HTML: no tag, link or image from reader text", async () => {
    const html = String(
      await unified().use(remarkParse).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify, { allowDangerousHtml: true }).process(notebookToMarkdown(sampleNotebook())),
    );
    const tags = new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/gu)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].sort()).toEqual(["blockquote", "br", "h1", "h2", "h3", "h4", "p"]);
    // Not one element carries an attribute (no href, src, on…, style).
    expect(html).not.toMatch(/<[a-zA-Z][\w-]*\s[^>]*>/u);
    // The payloads are still there, as text.
    expect(html).toContain("&#x3C;script>window.__xss=1;alert(1)&#x3C;/script>");
  });
});

describe("DOCX export", () => {
  it("opens as a zip with an A4 Word document containing every note, quote and 心得", async () => {
    const notebook = sampleNotebook();
    const zip = await JSZip.loadAsync(await notebookToDocx(notebook));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toMatch(/<w:pgSz [^>]*w:w="11906"[^>]*w:h="16838"/u);
    // Text as Word shows it: runs joined within a paragraph, line breaks as <w:br/>.
    const unescape = (text: string) =>
      text.replace(/&lt;/gu, "<").replace(/&gt;/gu, ">").replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, "&");
    const paragraphs = [...xml.matchAll(/<w:p[ >].*?<\/w:p>/gsu)].map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>(.*?)<\/w:t>|<w:br\s*\/>/gsu)].map((m) => (m[0].startsWith("<w:br") ? "\n" : unescape(m[1] ?? ""))).join(""),
    );
    for (const n of allNotes(notebook)) {
      expect(paragraphs, `quote of ${n.id}`).toContain(n.quote);
      expect(paragraphs, `body of ${n.id}`).toContain(n.body.trim() ? expectedText(n.body) : "（划线）");
    }
    expect(paragraphs).toContain("深度贫困地区脱贫攻坚座谈会讲话");
    expect(paragraphs).toContain("原文已修改的笔记");
    expect(paragraphs).toContain("全文心得\n写完了。");
    // Reader text stays text: no field codes, hyperlinks or embedded objects came from it.
    expect(xml).not.toMatch(/<w:hyperlink|<w:fldSimple|<w:object|<w:instrText/u);
  });
});
