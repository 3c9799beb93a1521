import { endsSentence } from "./sentences";

/** The numbered divisions these documents use, highest first. */
export type MarkerKind = "part" | "chapter" | "cn-number" | "cn-paren" | "section" | "article";

export type Marker =
  | { kind: MarkerKind; n: number; label: string }
  | { kind: "closing"; n: 0; label: string }
  | { kind: "intro"; n: 0; label: string };

const NUM = "[一二三四五六七八九十百零〇两]+|[0-9０-９]+";
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The value of a Chinese numeral up to 999 (一, 十二, 二十, 一百零五) or of Arabic digits. */
export function parseChineseNumber(text: string): number {
  const ascii = text.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^[0-9]+$/u.test(ascii)) return Number(ascii);
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char === "百") {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (char === "十") {
      total += (digit || 1) * 10;
      digit = 0;
    } else {
      digit = DIGITS[char] ?? 0;
    }
  }
  return total + digit;
}

const PATTERNS: { kind: MarkerKind; pattern: RegExp }[] = [
  { kind: "part", pattern: new RegExp(`^第(${NUM})部分`, "u") },
  { kind: "chapter", pattern: new RegExp(`^第(${NUM})章`, "u") },
  { kind: "section", pattern: new RegExp(`^第(${NUM})节`, "u") },
  { kind: "article", pattern: new RegExp(`^第(${NUM})条`, "u") },
  { kind: "cn-number", pattern: /^([一二三四五六七八九十]+)、/u },
  { kind: "cn-paren", pattern: /^[（(]([一二三四五六七八九十]+)[）)]/u },
];

/** A short line with no sentence-ending punctuation: what a heading looks like in plain text. */
export function isHeadingLine(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= 40 && !endsSentence(trimmed);
}

/** The numbered division a block of text opens with, if any. */
export function markerOf(text: string): Marker | undefined {
  const trimmed = text.trim();
  if (/^最后一部分/u.test(trimmed)) return { kind: "closing", n: 0, label: "最后一部分" };
  if (isHeadingLine(trimmed)) {
    const closing = /^(结语|结束语|结论|结 语)$/u.exec(trimmed);
    if (closing) return { kind: "closing", n: 0, label: trimmed };
    if (/^(导言|前言|引言|序言)$/u.test(trimmed)) return { kind: "intro", n: 0, label: trimmed };
  }
  for (const { kind, pattern } of PATTERNS) {
    const match = pattern.exec(trimmed);
    if (match?.[1]) return { kind, n: parseChineseNumber(match[1]), label: match[0] };
  }
  return undefined;
}
