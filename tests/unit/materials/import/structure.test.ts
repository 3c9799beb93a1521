/**
 * Structure detection on the supplied material (one long line plus a paywall notice), on a
 * regulation (第一章…/第一条…), on a Word file built here, and on Markdown. Expected values come from
 * the fixtures and from the content/ loader, never from the importer's own helpers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadMaterial } from "@/lib/content/loader";
import { importMaterial, renderContentFolder, type ImportedMaterial } from "@/lib/materials/import";
import { readDocx } from "@/lib/materials/import/docx-source";
import { Document, Packer, Paragraph, TextRun } from "docx";
import { buildPolicyDocx } from "./helpers";

const FIXTURES = path.resolve(__dirname, "../../../fixtures");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "material-import-unit-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** Chinese sentences: up to 。！？ and any closing quotes after them. */
function sentencesOf(text: string): string[] {
  return (text.match(/[^。！？]+[。！？]+[”’」』]*/gu) ?? []).map((s) => s.replace(/\s+/gu, ""));
}

function readFixture(name: string): Uint8Array {
  return fs.readFileSync(path.join(FIXTURES, name));
}

/** Writes the rendered folder under tmp and loads it with the real content loader. */
function writeAndLoad(material: ImportedMaterial, slug: string, dropJunk = true) {
  const files = renderContentFolder(material, { order: 1, dropFlagged: dropJunk ? ["junk"] : [] });
  const dir = path.join(tmp, slug);
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { files, loaded: loadMaterial(dir) };
}

describe("the supplied material, one long line with a paywall notice", () => {
  const lines = fs.readFileSync(path.join(FIXTURES, "speech-study.txt"), "utf8").split("\n");
  const title = "学习传达习近平总书记在深度贫困地区脱贫攻坚座谈会讲话精神";
  const body = (lines[0] ?? "").slice(title.length);
  const material = importMaterial({ kind: "file", fileName: "speech-study.txt", bytes: readFixture("speech-study.txt") });

  it("finds the title glued to the first sentence, 导言, 第一部分…第九部分 and 最后一部分", async () => {
    const { title: found, sections, warnings } = await material;
    expect(lines[0]?.startsWith(title)).toBe(true);
    expect(found).toBe(title);
    expect(sections.map((s) => s.slug)).toEqual(["intro", ...NUMERALS.map((_, i) => `part-${i + 1}`), "summary"]);
    expect(sections[0]?.title).toBe("导言");
    NUMERALS.forEach((numeral, i) => {
      expect(sections[i + 1]?.title.startsWith(`第${numeral}部分`)).toBe(true);
      expect(sections[i + 1]?.paragraphs[0]?.text.startsWith(`第${numeral}部分`)).toBe(true);
    });
    expect(sections.at(-1)?.title.startsWith("最后一部分")).toBe(true);
    expect(warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["title-guessed", "sentence-split", "junk-flagged"]));
  });

  it("flags exactly the two paywall lines as probable junk", async () => {
    const flagged = (await material).sections.flatMap((s) => s.paragraphs).filter((p) => p.flags.includes("junk"));
    expect(flagged.map((p) => p.text)).toEqual([lines[1]?.trim(), lines[2]?.trim()]);
    expect(flagged[0]?.text).toContain("此处省略");
    expect(flagged[1]?.text).toContain("登录会员");
  });

  it("keeps every source sentence verbatim, in order, in the Markdown and through the real loader, never splitting one", async () => {
    const { files, loaded } = writeAndLoad(await material, "speech");
    const expected = sentencesOf(body);
    expect(expected.length).toBeGreaterThan(80);
    const paragraphs = loaded.sections.flatMap((s) => s.paragraphs.map((p) => p.text));
    // Joined, the paragraphs are the source line itself (title removed): nothing lost, added or moved.
    expect(paragraphs.join("")).toBe(body);
    expect(paragraphs.flatMap(sentencesOf)).toEqual(expected);
    for (const paragraph of paragraphs) expect(paragraph).toMatch(/[。！？][”’」』]*$/u);
    const markdown = Object.values(files).join("\n");
    for (const sentence of expected) expect(markdown).toContain(sentence);
    for (const marker of ["此处省略", "登录会员"]) expect(markdown).not.toContain(marker);
    expect(loaded.title).toBe(title);
  });
});

describe("a regulation: 第一章… as sections, 第一条… as paragraphs, the adoption line as introduction", () => {
  const source = fs.readFileSync(path.join(FIXTURES, "regulation-sample.txt"), "utf8").trim().split("\n");
  const expectChapters = (material: ImportedMaterial) => {
    expect(material.title).toBe("中国共产党党员教育管理工作条例");
    expect(material.sections.map((s) => [s.slug, s.title])).toEqual([
      ["intro", "导言"],
      ["chapter-1", "第一章 总则"],
      ["chapter-2", "第二章 党员教育"],
      ["chapter-3", "第三章 附则"],
    ]);
    expect(material.sections[0]?.paragraphs.map((p) => p.text)).toEqual([source[1]]);
    const starts = material.sections.slice(1).map((s) => s.paragraphs.map((p) => p.text.slice(0, 4)));
    expect(starts).toEqual([
      ["第一条　", "第二条　", "第三条　", "（一）坚", "（二）坚", "（三）坚"],
      ["第四条　", "第五条　", "第六条　"],
      ["第七条　", "第八条　"],
    ]);
  };

  it("reads the usual one-article-per-line text", async () => {
    const material = await importMaterial({ kind: "file", fileName: "条例.txt", bytes: readFixture("regulation-sample.txt") });
    expectChapters(material);
    const { loaded } = writeAndLoad(material, "regulation");
    expect(loaded.sections[1]?.paragraphs.map((p) => p.text)).toEqual(source.slice(3, 9));
  });

  it("reads the same regulation pasted as one line, articles still one paragraph each", async () => {
    const oneLine = source.map((line) => line.replace(/　/gu, " ")).join(" ");
    const material = await importMaterial(
      { kind: "text", text: oneLine },
      { title: "中国共产党党员教育管理工作条例" },
    );
    expect(material.sections.map((s) => s.slug)).toEqual(["intro", "chapter-1", "chapter-2", "chapter-3"]);
    expect(material.sections[2]?.paragraphs.map((p) => p.text.slice(0, 3))).toEqual(["第四条", "第五条", "第六条"]);
  });
});

describe("a Word file with heading styles, a list, a table and a picture", () => {
  const material = buildPolicyDocx().then((bytes) => importMaterial({ kind: "file", fileName: "意见.docx", bytes }));

  it("makes sections of Heading 1, keeps Heading 2 and list items, and turns the table into rows", async () => {
    const { title, sections } = await material;
    expect(title).toBe("关于加强基层治理体系建设的实施意见");
    expect(sections.map((s) => [s.slug, s.title])).toEqual([
      ["intro", "导言"],
      ["part-1", "一、总体要求"],
      ["part-2", "二、主要任务"],
    ]);
    expect(sections[1]?.paragraphs.map((p) => p.kind)).toEqual(["paragraph", "heading", "list-item", "list-item"]);
    const table = sections[2]?.paragraphs.find((p) => p.kind === "table");
    expect(table?.kind === "table" && table.rows).toEqual([
      ["任务", "牵头单位", "完成时限"],
      ["网格化管理全覆盖", "组织部", "2025年6月"],
      ["村（社区）服务站点建设", "民政局", "2025年12月"],
    ]);
  });

  it("reads Word's Title style as the title, not as a heading or a paragraph", async () => {
    const { blocks } = await readDocx(await buildPolicyDocx());
    expect(blocks[0]).toEqual({ kind: "title", text: "关于加强基层治理体系建设的实施意见" });
    expect(blocks.filter((block) => block.kind === "heading").map((block) => block.kind === "heading" && [block.level, block.text])).toEqual([
      [1, "一、总体要求"],
      [2, "（一）基本原则"],
      [1, "二、主要任务"],
    ]);
  });

  it("says the picture is not imported", async () => {
    const warning = (await material).warnings.find((w) => w.code === "images-dropped");
    expect(warning?.message).toContain("1 张图片不会导入");
  });

  it("renders a Markdown list and table that the real loader shows as such", async () => {
    const { files, loaded } = writeAndLoad(await material, "policy");
    expect(files["part-2.md"]).toContain("| 任务 | 牵头单位 | 完成时限 |\n| --- | --- | --- |\n| 网格化管理全覆盖 | 组织部 | 2025年6月 |");
    expect(files["part-1.md"]).toContain("## （一）基本原则\n\n- 坚持问题导向，聚焦群众急难愁盼。\n- 坚持系统观念，统筹各方力量。");
    const html = loaded.sections[2]?.html ?? "";
    expect(html).toContain("<table>");
    expect(html).toContain("<td>村（社区）服务站点建设</td>");
    expect(loaded.sections[1]?.html).toMatch(/<ul>\s*<li id="p-[0-9a-f]{10}">坚持问题导向/u);
  });
});

describe("Markdown and text go through the content sanitizer", () => {
  it("drops raw HTML and images from a .md file and keeps its text, headings and frontmatter title", async () => {
    const source = [
      "---",
      "title: 学习材料",
      "---",
      "## 第一部分",
      "",
      "第一段正文。<script>window.__xss=1</script>",
      "",
      '<div onclick="x()">块级 HTML</div>',
      "",
      "![照片](photo.png)",
      "",
      "## 第二部分",
      "",
      "第二段正文。",
    ].join("\n");
    const material = await importMaterial({ kind: "file", fileName: "a.md", bytes: new TextEncoder().encode(source) });
    expect(material.title).toBe("学习材料");
    expect(material.sections.map((s) => s.title)).toEqual(["第一部分", "第二部分"]);
    expect(material.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["raw-html-removed", "images-dropped"]));
    const { files, loaded } = writeAndLoad(material, "markdown");
    const all = Object.values(files).join("\n");
    expect(all).not.toMatch(/<script|<div|onclick|photo\.png/u);
    expect(loaded.sections[0]?.paragraphs.map((p) => p.text)).toEqual(["第一段正文。"]);
  });

  it("stores HTML typed into a text file as visible text, never as markup", async () => {
    const text = "第一部分\n有人在网页里写了 <script>window.__xss=1</script> 和 <img src=x onerror=alert(1)>，以及 **星号** 与 [链接](javascript:alert(1))。\n- 以连字符开头的一行。\n1. 以数字开头的一行。\n第二部分\n结尾。";
    const material = await importMaterial({ kind: "text", text });
    const { loaded } = writeAndLoad(material, "text-html");
    const paragraphs = loaded.sections.flatMap((s) => s.paragraphs.map((p) => p.text));
    expect(paragraphs).toEqual(text.split("\n").filter((line) => !/^第.部分$/u.test(line)));
    const html = loaded.sections.map((s) => s.html).join("");
    expect(html).not.toMatch(/<script|<img|<a |<strong|<ul|<ol/u);
  });
});

describe("a regulation as Word sets it: chapter names centred and letter-spaced, no heading styles", () => {
  // How such files usually look: every line a plain paragraph, "第一章　总　则" spaced out by hand,
  // an ideographic space after each article number.
  const lines = [
    "某某市机关干部理论学习管理办法",
    "（2024年3月15日市委常委会会议审议通过　2024年3月20日市委办公室印发）",
    "第一章　总　则",
    "第一条　为加强和规范全市机关干部理论学习，制定本办法。",
    "第二条　本办法适用于全市各级党政机关的干部。",
    "第二章　附　则",
    "第三条　本办法自印发之日起施行。",
  ];
  const bytes = async () =>
    Packer.toBuffer(new Document({ sections: [{ children: lines.map((text) => new Paragraph({ children: [new TextRun({ text, bold: text.startsWith("第") && text.includes("章") })] })) }] }));

  it("closes up the chapter names and keeps each article's text verbatim, its ideographic space included", async () => {
    const material = await importMaterial({ kind: "file", fileName: "办法.docx", bytes: await bytes() });
    expect(material.title).toBe(lines[0]);
    expect(material.sections.map((s) => [s.slug, s.title])).toEqual([
      ["intro", "导言"],
      ["chapter-1", "第一章 总则"],
      ["chapter-2", "第二章 附则"],
    ]);
    expect(material.sections[0]?.paragraphs.map((p) => p.text)).toEqual([lines[1]]);
    expect(material.sections[1]?.paragraphs.map((p) => p.text)).toEqual([lines[3], lines[4]]);
    expect(material.sections[2]?.paragraphs.map((p) => p.text)).toEqual([lines[6]]);
  });
});
