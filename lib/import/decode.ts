/** CSV text as decoded from a file, and the encoding that produced it. */
export type DecodedText = { text: string; encoding: "utf-8" | "utf-16" | "gb18030" };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * The candidate decodings of a CSV file, best first. UTF-8 (with or without BOM) is taken when the
 * bytes are valid UTF-8; otherwise the file is most likely GBK, which Excel on Chinese Windows writes
 * for "CSV (逗号分隔)". GB18030 is a superset of GBK and decodes every byte sequence, so the caller
 * accepts that decoding only when the header row then reads as expected.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedText[] {
  if (startsWith(bytes, [0xff, 0xfe])) return [{ text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16" }];
  if (startsWith(bytes, [0xfe, 0xff])) return [{ text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16" }];
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  try {
    return [{ text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), encoding: "utf-8" }];
  } catch {
    // Not UTF-8: fall through to GBK below (this is the expected path for Excel's default CSV).
  }
  return [{ text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" }];
}
