import { Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";

// A 1×1 transparent PNG: enough for Word (and mammoth) to see a picture.
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

function cell(text: string): TableCell {
  return new TableCell({ children: [new Paragraph(text)] });
}

/**
 * A Word file the way an office writes one: Title style, Heading 1/2 styles, body paragraphs, a
 * bulleted list, a table and a picture.
 */
export async function buildPolicyDocx(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun("关于加强基层治理体系建设的实施意见")] }),
          new Paragraph("为深入贯彻落实党中央决策部署，结合本地实际，提出如下意见。"),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("一、总体要求")] }),
          new Paragraph("坚持党的全面领导，坚持以人民为中心。到2025年，基层治理体系基本完善。"),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun("（一）基本原则")] }),
          new Paragraph({ text: "坚持问题导向，聚焦群众急难愁盼。", bullet: { level: 0 } }),
          new Paragraph({ text: "坚持系统观念，统筹各方力量。", bullet: { level: 0 } }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("二、主要任务")] }),
          new Paragraph("各地要按照下表推进工作，确保按期完成。"),
          new Table({
            rows: [
              new TableRow({ children: [cell("任务"), cell("牵头单位"), cell("完成时限")] }),
              new TableRow({ children: [cell("网格化管理全覆盖"), cell("组织部"), cell("2025年6月")] }),
              new TableRow({ children: [cell("村（社区）服务站点建设"), cell("民政局"), cell("2025年12月")] }),
            ],
          }),
          new Paragraph({ children: [new ImageRun({ type: "png", data: PIXEL, transformation: { width: 10, height: 10 } })] }),
          new Paragraph("各级党组织要把基层治理摆在突出位置。"),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
