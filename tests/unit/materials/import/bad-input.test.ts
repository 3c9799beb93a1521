/**
 * Every bad input of issue 16 gets its own error: a code, a Chinese message for the preview and an
 * English one for logs and the CLI. The importer stores nothing, so "nothing stored" is the CLI's to
 * prove (tests/integration/materials/import-cli.test.ts); here each refusal is checked by its code.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { importMaterial, MaterialImportError, type ImportSource } from "@/lib/materials/import";
import { checkSlugAvailable, writeContentFolder } from "@/lib/materials/import/write-folder";
import { deflateFiller, writeZip, type ZipEntry } from "../../../support/forged-zip";
import { buildPolicyDocx } from "./helpers";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "material-import-bad-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function file(fileName: string, bytes: Uint8Array | string): ImportSource {
  return { kind: "file", fileName, bytes: typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes };
}

/** The error an import throws, checked to be a MaterialImportError with both wordings. */
async function refusal(source: ImportSource, options = {}): Promise<MaterialImportError> {
  const error = await importMaterial(source, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(MaterialImportError);
  const refused = error as MaterialImportError;
  expect(refused.message).toMatch(/[\u4e00-\u9fff]/u);
  // English up to any detail in brackets (a section title or slug, which may be Chinese).
  expect(refused.englishMessage).toMatch(/^[A-Z][\x20-\x7e]*?\.( \(.+\))?$/u);
  return refused;
}

/** An OLE compound file header, as Word writes for .doc and for password-protected .docx. */
function oleFile(streamName?: string): Uint8Array {
  const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const body = Buffer.alloc(4096);
  if (streamName) Buffer.from(streamName, "utf16le").copy(body, 1024);
  return new Uint8Array(Buffer.concat([header, body]));
}

/** A real .docx whose document.xml inflates to `size` bytes while its size fields claim 1,000. */
async function buildForgedDocx(size: number): Promise<Uint8Array> {
  const real = await JSZip.loadAsync(await buildPolicyDocx());
  const entries: ZipEntry[] = [];
  for (const part of Object.values(real.files)) {
    if (part.dir) continue;
    if (part.name === "word/document.xml") {
      const bomb = await deflateFiller(size);
      entries.push({ name: part.name, data: bomb.data, crc: bomb.crc, size, claimedSize: 1000 });
      continue;
    }
    const content = Buffer.from(await part.async("uint8array"));
    entries.push({ name: part.name, data: zlib.deflateRawSync(content), crc: zlib.crc32(content), size: content.length });
  }
  return writeZip(entries);
}

describe("Word files that are not plain .docx", () => {
  it("refuses a damaged .docx", async () => {
    const bytes = await buildPolicyDocx();
    expect((await refusal(file("a.docx", bytes.slice(0, bytes.length / 2)))).code).toBe("docx-corrupt");
    expect((await refusal(file("a.docx", "这不是 Word 文件"))).code).toBe("docx-corrupt");
  });

  it("tells a password-protected .docx from a legacy .doc", async () => {
    expect((await refusal(file("a.docx", oleFile("EncryptionInfo")))).code).toBe("docx-encrypted");
    expect((await refusal(file("a.docx", oleFile("WordDocument")))).code).toBe("docx-legacy");
    expect((await refusal(file("旧文件.doc", oleFile("WordDocument")))).code).toBe("docx-legacy");
  });

  it("refuses a ZIP that is not a Word document", async () => {
    const zip = new JSZip();
    zip.file("xl/workbook.xml", "<workbook/>");
    zip.file("[Content_Types].xml", "<Types/>");
    const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect((await refusal(file("表格.docx", bytes))).code).toBe("docx-not-word");
  });

  it("refuses a zip bomb by the bytes it really inflates, whatever its size fields claim", async () => {
    const bytes = await buildForgedDocx(160 * 1024 * 1024);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    const error = await refusal(file("bomb.docx", bytes));
    expect(error.code).toBe("docx-inflates-too-much");
    expect(error.message).toContain("解压后过大");
  }, 60_000);

  it("refuses a .docx larger than 20 MB before reading it", async () => {
    const bytes = new Uint8Array(20 * 1024 * 1024 + 1);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    expect((await refusal(file("big.docx", bytes))).code).toBe("file-too-large");
  });
});

describe("text files", () => {
  it("refuses an empty file, or one of blank lines", async () => {
    expect((await refusal(file("a.txt", new Uint8Array()))).code).toBe("empty-file");
    expect((await refusal(file("a.txt", "\n \r\n\u3000\n"))).code).toBe("empty-file");
    expect((await refusal(file("a.docx", new Uint8Array()))).code).toBe("empty-file");
  });

  it("refuses 20 MB of text", async () => {
    const error = await refusal(file("big.txt", "这是一句话。".repeat(1_200_000)));
    expect(error.code).toBe("file-too-large");
  });

  it("refuses text in an encoding it cannot recognise, and reads GBK", async () => {
    // "Café résumé, naïve." in ISO-8859-1: neither UTF-8 nor GBK.
    const latin1 = Buffer.from("Café résumé, naïve, déjà vu.", "latin1");
    expect((await refusal(file("a.txt", latin1))).code).toBe("unknown-encoding");
    // UTF-16 without its byte-order mark.
    expect((await refusal(file("a.txt", Buffer.from("第一部分 总体要求。", "utf16le")))).code).toBe("unknown-encoding");
    // 第一部分\n中文。 in GBK.
    const gbk = Buffer.from([0xb5, 0xda, 0xd2, 0xbb, 0xb2, 0xbf, 0xb7, 0xd6, 0x0a, 0xd6, 0xd0, 0xce, 0xc4, 0xa1, 0xa3]);
    const material = await importMaterial(file("gbk.txt", gbk));
    expect(material.sections[0]?.paragraphs.map((p) => p.text)).toEqual(["第一部分", "中文。"]);
  });

  it("refuses a file type it does not read", async () => {
    expect((await refusal(file("a.pdf", "%PDF-1.7"))).code).toBe("unsupported-type");
  });
});

describe("materials the content folder cannot hold", () => {
  it("refuses a material with no text at all (0 sections)", async () => {
    expect((await refusal(file("a.md", "![只有一张图](photo.png)\n"))).code).toBe("no-sections");
    expect((await refusal(file("a.md", "<div>只有 HTML</div>\n"))).code).toBe("no-sections");
  });

  it("refuses a section of 5,000 paragraphs, naming it", async () => {
    const text = ["第一部分 总体要求", ...Array.from({ length: 5_000 }, (_, i) => `第${i + 1}段。`), "第二部分 主要任务", "最后一段。"].join("\n");
    const error = await refusal({ kind: "text", text });
    expect(error.code).toBe("section-too-long");
    expect(error.message).toContain("第一部分 总体要求");
  });

  it("refuses an empty or overlong title, or an overlong description, given by hand", async () => {
    expect((await refusal({ kind: "text", text: "正文。" }, { title: "  " })).code).toBe("invalid-title");
    expect((await refusal({ kind: "text", text: "正文。" }, { title: "长".repeat(201) })).code).toBe("invalid-title");
    expect((await refusal({ kind: "text", text: "正文。" }, { description: "长".repeat(1001) })).code).toBe("invalid-description");
  });

  it("refuses a slug that exists or is not a slug, and writes nothing over an existing folder", () => {
    fs.mkdirSync(path.join(tmp, "taken"));
    fs.writeFileSync(path.join(tmp, "taken", "keep.txt"), "原有内容");
    const attempt = (slug: string) => {
      try {
        writeContentFolder(tmp, slug, { "material.md": "---\n---\n" });
      } catch (error) {
        return error as MaterialImportError;
      }
      throw new Error("no error");
    };
    expect(attempt("taken").code).toBe("slug-exists");
    expect(attempt("Not A Slug").code).toBe("invalid-slug");
    expect(() => checkSlugAvailable(tmp, "taken")).toThrow("已有使用该网址名的学习材料");
    expect(fs.readdirSync(path.join(tmp, "taken"))).toEqual(["keep.txt"]);
    expect(fs.readdirSync(tmp)).toEqual(["taken"]);
  });
});
