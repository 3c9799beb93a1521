import { decodeCsvBytes } from "@/lib/import/decode";
import { MaterialImportError } from "./errors";
import { MAX_TEXT_BYTES, MAX_TEXT_CHARS } from "./limits";

// Control characters other than tab, line feed, form feed and carriage return: binary data, or
// UTF-16 without its byte-order mark, decoded as if it were text.
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/u;

// What the non-ASCII characters of a Chinese document are: common CJK ideographs, CJK and full-width
// punctuation, general punctuation (“” — …). Text decoded with the wrong code page is mostly other
// characters (rare ideographs from GB18030's four-byte range, Latin-1 letters, box drawing).
const EXPECTED = /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u206f\u00b7\u00d7\u2460-\u24ff\u25a0-\u25ff]/u;

function readsAsChinese(text: string): boolean {
  let nonAscii = 0;
  let expected = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (EXPECTED.test(char)) expected++;
  }
  return nonAscii === 0 || expected / nonAscii >= 0.9;
}

/**
 * Decodes an uploaded text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 (what
 * Notepad on Chinese Windows writes), as the spreadsheet importer does. Bytes that are not valid
 * UTF-8 and do not then read as Chinese text are refused rather than imported as mojibake.
 */
export function decodeTextFile(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new MaterialImportError("empty-file");
  if (bytes.length > MAX_TEXT_BYTES) throw new MaterialImportError("file-too-large");
  const [decoded] = decodeCsvBytes(bytes);
  let text = decoded?.text ?? "";
  if (decoded?.encoding === "gb18030") {
    try {
      text = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch {
      throw new MaterialImportError("unknown-encoding");
    }
    if (!readsAsChinese(text)) throw new MaterialImportError("unknown-encoding");
  }
  if (CONTROL.test(text)) throw new MaterialImportError("unknown-encoding");
  return checkText(text);
}

/** Normalises decoded, converted or pasted text (BOM, line ends) and checks it is neither empty nor huge. */
export function checkText(raw: string): string {
  const text = raw.replace(/^\ufeff/u, "").replace(/\r\n?/gu, "\n");
  if (text.trim().length === 0) throw new MaterialImportError("empty-file");
  if (text.length > MAX_TEXT_CHARS) throw new MaterialImportError("text-too-large");
  return text;
}
