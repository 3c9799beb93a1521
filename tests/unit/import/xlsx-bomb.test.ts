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
import { deflateFiller, writeZip, type ZipEntry } from "../../support/forged-zip";

/** A workbook whose every part is real except the first sheet: 300 MB that claims 1,000 bytes. */
async function buildForgedWorkbook(): Promise<Uint8Array> {
  const real = await JSZip.loadAsync(await buildXlsx([["姓名", "账号", "单位编码"], ["张三", "zs", "ZZB"]]));
  const entries: ZipEntry[] = [];
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
