/**
 * The XLSX zip-bomb guard counts the bytes actually inflated (issue 14, finding 3): an archive's own
 * size fields are the sender's word. The forged workbook here is built by hand: its sheet inflates
 * to 300 MB while both its local header and the central directory claim 1,000 bytes.
 */
import zlib from "node:zlib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { parseAccountFile } from "@/lib/import/parse";
import { checkInflatedSize, getUnzippedSize } from "@/lib/import/xlsx";
import { buildXlsx } from "./helpers/files";

type Entry = { name: string; data: Buffer; crc: number; size: number; claimedSize?: number };

/** A ZIP archive of deflated entries, written field by field so that an entry's size can lie. */
function writeZip(entries: Entry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const size = entry.claimedSize ?? entry.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** Deflates `size` bytes of a repeated XML-ish filler without ever holding them: the bomb. */
async function deflateFiller(size: number): Promise<{ data: Buffer; crc: number }> {
  const block = Buffer.alloc(1024 * 1024, "<c/>");
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  let crc = 0;
  for (let written = 0; written < size; written += block.length) {
    crc = zlib.crc32(block, crc);
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc };
}

/** A workbook whose every part is real except the first sheet: 300 MB that claims 1,000 bytes. */
async function buildForgedWorkbook(): Promise<Uint8Array> {
  const real = await JSZip.loadAsync(await buildXlsx([["姓名", "账号", "单位编码"], ["张三", "zs", "ZZB"]]));
  const entries: Entry[] = [];
  for (const file of Object.values(real.files)) {
    if (file.dir) continue;
    if (file.name === "xl/worksheets/sheet1.xml") {
      const bomb = await deflateFiller(300 * 1024 * 1024);
      entries.push({ name: file.name, data: bomb.data, crc: bomb.crc, size: 300 * 1024 * 1024, claimedSize: 1000 });
      continue;
    }
    const content = Buffer.from(await file.async("uint8array"));
    entries.push({ name: file.name, data: zlib.deflateRawSync(content), crc: zlib.crc32(content), size: content.length });
  }
  return writeZip(entries);
}

describe("XLSX zip-bomb guard", () => {
  it("refuses a small workbook whose sheet inflates far past what its size fields claim, without inflating it whole", async () => {
    const bytes = await buildForgedWorkbook();
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    // The size fields alone pass the old guard.
    expect(getUnzippedSize(bytes)).toBeLessThan(100_000);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const result = await parseAccountFile(bytes, "名单.xlsx");
    const elapsed = performance.now() - started;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain("解压后过大");
    // Inflating 300 MB takes seconds and hundreds of MB; stopping early takes neither.
    expect(elapsed).toBeLessThan(3_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);

  it("counts what is inflated across all entries and stops at the limit, whatever the sizes say", async () => {
    const honest = await buildXlsx([["姓名", "账号", "单位编码"], ...Array.from({ length: 200 }, (_, i) => [`姓名${i}`, `account-${i}`, "ZZB"])]);
    const unzipped = getUnzippedSize(honest)!;
    await expect(checkInflatedSize(honest, unzipped)).resolves.toBeUndefined();
    await expect(checkInflatedSize(honest, unzipped - 1)).rejects.toThrow("解压后过大");
  });

  it("still reads an ordinary workbook", async () => {
    const result = await parseAccountFile(await buildXlsx([["姓名", "账号", "单位编码"], ["张三", "zs", "ZZB"]]), "名单.xlsx");
    expect(result.ok && result.rows.map((row) => row.account)).toEqual(["zs"]);
  });
});
