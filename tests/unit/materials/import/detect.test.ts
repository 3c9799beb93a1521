import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/content/markdown";
import { escapeMarkdownText, importMaterial } from "@/lib/materials/import";
import { isProbableJunk } from "@/lib/materials/import/junk";
import { parseChineseNumber } from "@/lib/materials/import/markers";
import { splitSentences } from "@/lib/materials/import/sentences";

describe("a speech numbered 一、二、三、 with （一） headings, a table of contents and 结语", () => {
  const text = [
    "在全市基层党建工作会议上的讲话",
    "同志们：",
    "今天召开这次会议，主要任务是总结工作、部署任务。",
    "目录",
    "一、充分肯定成绩",
    "二、明确目标任务",
    "三、狠抓工作落实",
    "一、充分肯定成绩",
    "过去一年，全市基层党建工作取得新进展。",
    "（一）组织体系更加健全",
    "全市新建党组织120个。",
    "二、明确目标任务",
    "今年要重点抓好三项工作。",
    "三、狠抓工作落实",
    "各级党组织要压实责任。",
    "结语",
    "同志们，让我们团结一心，扎实工作。",
  ].join("\n");

  it("finds the title, the introduction, three parts with a subheading, and the closing, leaving out the contents", async () => {
    const material = await importMaterial({ kind: "text", text });
    expect(material.title).toBe("在全市基层党建工作会议上的讲话");
    expect(material.sections.map((s) => [s.slug, s.title])).toEqual([
      ["intro", "导言"],
      ["part-1", "一、充分肯定成绩"],
      ["part-2", "二、明确目标任务"],
      ["part-3", "三、狠抓工作落实"],
      ["summary", "结语"],
    ]);
    expect(material.sections[0]?.paragraphs.map((p) => p.text)).toEqual(["同志们：", "今天召开这次会议，主要任务是总结工作、部署任务。"]);
    expect(material.sections[1]?.paragraphs.map((p) => [p.kind, p.text])).toEqual([
      ["paragraph", "过去一年，全市基层党建工作取得新进展。"],
      ["heading", "（一）组织体系更加健全"],
      ["paragraph", "全市新建党组织120个。"],
    ]);
    expect(material.warnings.map((w) => w.code)).toContain("toc-removed");
  });
});

describe("the pieces", () => {
  it("reads Chinese numerals", () => {
    expect(["一", "九", "十", "十二", "二十", "二十三", "一百零五", "12"].map(parseChineseNumber)).toEqual([1, 9, 10, 12, 20, 23, 105, 12]);
  });

  it("splits sentences after 。！？ keeping closing quotes, and gives back the text when joined", () => {
    const text = "他说：“要抓落实。”大家表示赞同！这样行吗？还有半句";
    expect(splitSentences(text)).toEqual(["他说：“要抓落实。”", "大家表示赞同！", "这样行吗？", "还有半句"]);
    expect(splitSentences(text).join("")).toBe(text);
  });

  it("flags paywall and share prompts, not a long paragraph that mentions them", () => {
    const long = "本文为会员专享内容，此处省略百分之六十，请登录会员后阅读全文，或扫码下载客户端免费阅读完整内容。";
    for (const junk of ['""""""此处省略40%,请', "登录会员,阅读正文所有内容。", "扫码关注公众号", "点击阅读全文", "责任编辑：王某", long]) {
      expect(isProbableJunk(junk), junk).toBe(true);
    }
    const real = "要加强网络阵地建设，善于运用二维码、公众号等新媒体手段传播党的创新理论，让党的声音传得更开、传得更广、传得更深入，使广大党员干部群众随时随地都能学。";
    for (const text of [real, "第一部分在于明确理念与制度框架的内在统一。"]) expect(isProbableJunk(text), text).toBe(false);
  });

  it("escapes text so the content renderer shows exactly that text", () => {
    const texts = [
      "1. 以数字开头",
      "10) 以数字和括号开头",
      "- 以连字符开头",
      "+ 以加号开头",
      "# 以井号开头",
      "===",
      "> 以大于号开头",
      "a*b*c 与 __下划线__",
      "<b>加粗</b> 与 <script>alert(1)</script>",
      "[链接](javascript:alert(1)) 与 ![图](x.png)",
      "&amp; 与 &lt;",
      "`代码` 与 a\\b 与 |竖线| 与 ~~删除~~",
    ];
    for (const text of texts) {
      const { paragraphs, html } = renderMarkdown(escapeMarkdownText(text));
      expect(paragraphs.map((p) => p.text), text).toEqual([text]);
      expect(html, text).toMatch(/^<p id="p-[0-9a-f]{10}">/u);
      expect(html, text).not.toMatch(/<(script|b|a|img|code|del|strong|em)[ >]/u);
    }
  });
});
