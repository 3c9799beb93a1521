/**
 * Reading speed used for every estimate in the portal: 300 Chinese characters per minute, a careful
 * study pace (silent reading of plain prose runs 300–500 字/分钟).
 */
export const READING_CHARS_PER_MINUTE = 300;

/** Counts the characters a reader reads: everything except whitespace. */
export function countReadableChars(text: string): number {
  return text.replace(/\s+/gu, "").length;
}

/** Whole minutes needed to read `chars` characters at the portal's reading speed (at least 1). */
export function estimateReadingMinutes(chars: number): number {
  return Math.max(1, Math.ceil(chars / READING_CHARS_PER_MINUTE));
}
