import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import { importMaterial } from "@/lib/materials/import";
import { prepareMaterial } from "@/lib/materials/prepare";
import { diffRevision, toEditableMaterial, withPreviewHtml } from "@/lib/materials/preview";

const SPEECH = fs.readFileSync(new URL("../../fixtures/speech-study.txt", import.meta.url));

async function stored(bytes: Uint8Array, fileName: string) {
  const imported = await importMaterial({ kind: "file", fileName, bytes });
  const prepared = prepareMaterial({ ...imported, dropFlagged: ["junk"] });
  return { imported, view: { title: prepared.title, description: prepared.description, order: 0, sections: prepared.sections.map((s) => ({ ...s, revision: 1 })) } };
}

describe("the preview's server side", () => {
  it("renders every paragraph with the readers' renderer, escaping what looks like HTML", async () => {
    const material = withPreviewHtml(await importMaterial({ kind: "text", text: "标题\n\n第一部分 开头。\n<script>alert(1)</script>正文。\n\n第二部分 另一段。\n正文二。" }));
    const html = material.sections.flatMap((s) => s.paragraphs.map((p) => p.html)).join("\n");
    expect(html).toContain("&#x3C;script>alert(1)");
    expect(html).not.toContain("<script>");
    expect(material.sections[0]!.paragraphs[0]!.html).toMatch(/^<p id="p-[0-9a-f]{10}">/u);
  });

  it("reads a stored material back into the same sections: no change shows as no change", async () => {
    const { view } = await stored(SPEECH, "speech-study.txt");
    const editable = await toEditableMaterial(view);
    expect(editable.sections.map((s) => s.slug)).toEqual(view.sections.map((s) => s.slug));
    const again = prepareMaterial(editable);
    expect(again.sections.map((s) => s.body)).toEqual(view.sections.map((s) => s.body));
    expect(diffRevision(view, editable).every((d) => d.state === "unchanged")).toBe(true);
  });

  it("round-trips a Word file's headings, lists and table", async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: "测试条例", heading: HeadingLevel.TITLE }),
            new Paragraph({ text: "总则", heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: "为了规范工作，制定本条例。" }),
            new Paragraph({ text: "细则", heading: HeadingLevel.HEADING_2 }),
            new Paragraph({ text: "第一项内容。", bullet: { level: 0 } }),
            new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph("项目")] }), new TableCell({ children: [new Paragraph("要求")] })] }), new TableRow({ children: [new TableCell({ children: [new Paragraph("学习")] }), new TableCell({ children: [new Paragraph("每周一次 | 不少于*两*小时")] })] })] }),
            new Paragraph({ text: "附则", heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: "本条例自发布之日起施行。" }),
          ],
        },
      ],
    });
    const { view } = await stored(new Uint8Array(await Packer.toBuffer(doc)), "rules.docx");
    expect(view.sections.map((s) => s.title)).toEqual(["总则", "附则"]);
    const editable = await toEditableMaterial(view);
    expect(prepareMaterial(editable).sections.map((s) => s.body)).toEqual(view.sections.map((s) => s.body));
  });

  it("diffs an edited paragraph as one change", async () => {
    const { view, imported } = await stored(SPEECH, "speech-study.txt");
    const edited = structuredClone(imported);
    const target = edited.sections[1]!.paragraphs[0]!;
    target.text = `${target.text}（修订）`;
    const diff = diffRevision(view, { ...edited, dropFlagged: ["junk"] });
    expect(diff.filter((d) => d.state !== "unchanged").map((d) => [d.slug, d.counts])).toEqual([[edited.sections[1]!.slug, { added: 0, changed: 1, removed: 0 }]]);
  });
});
