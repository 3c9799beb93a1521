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

/** How much of a material is left to read, and the one estimate of its minutes. */
export type ReadingLeft = { chars: number; minutes: number };

/**
 * The reading estimate of what is left: the characters not yet read in each section are added up and
 * turned into minutes once, exactly as a material's own estimate is, so a task never started shows
 * the material's 预计阅读 minutes (rounding each section up first made 17 分钟 read 22).
 */
export function estimateReadingLeft(sections: Array<{ chars: number; percentRead: number }>): ReadingLeft {
  const chars = sections.reduce((sum, s) => sum + Math.round(s.chars * (1 - Math.min(100, Math.max(0, s.percentRead)) / 100)), 0);
  return { chars, minutes: chars === 0 ? 0 : estimateReadingMinutes(chars) };
}
