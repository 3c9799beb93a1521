import { AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, TextRun } from "docx";
import { formatChinaTime } from "../china-time";
import { toLines } from "./format";
import type { Notebook } from "./notebook";

// A4 in twentieths of a point; 2.5 cm margins (1417 twips) as official documents use.
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1417;
const FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "SimSun", cs: "Times New Roman" };
const HEADING_FONT = { ascii: "Arial", hAnsi: "Arial", eastAsia: "SimHei", cs: "Arial" };

/** Text runs for a reader's text: plain runs only (a .docx never runs script), line breaks kept. */
function runs(text: string, options: { italics?: boolean; color?: string } = {}): TextRun[] {
  return toLines(text).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...options }));
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ heading: level, spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: HEADING_FONT })] });
}

function quote(text: string): Paragraph {
  return new Paragraph({
    indent: { left: 420 },
    spacing: { before: 120, after: 60 },
    border: { left: { style: BorderStyle.SINGLE, size: 12, color: "A8A29E", space: 8 } },
    children: runs(text, { color: "44403C" }),
  });
}

function body(text: string, fallback?: string): Paragraph {
  return new Paragraph({
    spacing: { after: 200, line: 360 },
    children: text.trim() ? runs(text) : [new TextRun({ text: fallback ?? "", color: "78716C" })],
  });
}

/** The notebook as a tidy A4 Word document: title, a heading per material and section, quotes and notes. */
export async function notebookToDocx(notebook: Notebook): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: "学习笔记本", font: HEADING_FONT })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [new TextRun(`${notebook.ownerName} · 导出于 ${formatChinaTime(notebook.exportedAt)}`)] }),
  ];
  if (notebook.materials.length === 0) children.push(body("", "（还没有笔记和心得）"));
  for (const material of notebook.materials) {
    children.push(heading(material.title, HeadingLevel.HEADING_1));
    for (const section of material.sections) {
      children.push(heading(section.title, HeadingLevel.HEADING_2));
      for (const note of section.notes) children.push(quote(note.quote), body(note.body, "（划线）"));
      if (section.orphans.length > 0) {
        children.push(heading("原文已修改的笔记", HeadingLevel.HEADING_3), body("以下笔记所引的原文在材料修订后已找不到，保留原引文供参考。"));
        for (const note of section.orphans) children.push(quote(note.quote), body(note.body, "（划线）"));
      }
      if (section.reflection) {
        const state = section.reflection.submittedAt ? `（已提交 ${formatChinaTime(section.reflection.submittedAt)}）` : "";
        children.push(heading(`本节心得${state}`, HeadingLevel.HEADING_3), body(section.reflection.body));
      }
    }
    if (material.reflection) {
      const state = material.reflection.submittedAt ? `（已提交 ${formatChinaTime(material.reflection.submittedAt)}）` : "";
      children.push(heading(`学习心得（全文）${state}`, HeadingLevel.HEADING_2), body(material.reflection.body));
    }
  }
  const doc = new Document({
    creator: "学习园地",
    title: "学习笔记本",
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ["第 ", PageNumber.CURRENT, " 页"] })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
