import { READING_CHARS_PER_MINUTE } from "../content/reading-time";

/**
 * How reading is measured and when a section counts as complete. Every threshold of the progress
 * tracker lives here; the reader-facing explanation on 我的学习 is written from these numbers.
 */
export const PROGRESS_RULES = {
  /** Share of a section's characters that must have been read. */
  readCoverage: 0.9,
  /** Share of the estimated reading time that must have been active reading. */
  activeShare: 0.5,
  /** A paragraph counts as read after chars / this many seconds at least half on screen. */
  maxReadingCharsPerSecond: 15,
  /**
   * A section counts as started (在读, 进行中) from its first paragraph read or this much active time;
   * opening it for a moment does not count. The counter triggers (migration
   * 20261207091500_started_and_revised_completion) hold the same number.
   */
  startedActiveSeconds: 60,
  /** Reading time stops accruing this long after the last scroll, key, pointer or touch. */
  idleAfterSeconds: 60,
  /** The tracker sends what it has measured this often (and when the page is hidden). */
  beatIntervalSeconds: 30,
  /** Active time of a reader's very first beat is capped here (no earlier beat to measure from). */
  firstBeatCapSeconds: 60,
} as const;

/** Characters that must be read for a section of `chars` characters to count as read. */
export function requiredReadChars(chars: number): number {
  return Math.ceil(chars * PROGRESS_RULES.readCoverage);
}

/** Active seconds needed: half the estimated reading time at the portal's reading speed. */
export function requiredActiveSeconds(chars: number): number {
  return Math.ceil((chars / READING_CHARS_PER_MINUTE) * 60 * PROGRESS_RULES.activeShare);
}

/** What a section's reading is measured by, for the completion rule. */
export type ReadingFacts = { readChars: number; activeSeconds: number; sectionChars: number };

/**
 * What is still missing before the completion rule is met: characters to read and seconds of active
 * reading (both 0 when it is met). The section page shows this to the reader, and the server's merge
 * uses the same two thresholds, so the page never promises what the server will not grant.
 */
export function getCompletionShortfall(input: ReadingFacts): { chars: number; seconds: number } {
  return {
    chars: Math.max(0, requiredReadChars(input.sectionChars) - input.readChars),
    seconds: Math.max(0, requiredActiveSeconds(input.sectionChars) - input.activeSeconds),
  };
}

/** Whether recorded reading meets the completion rule for a section of `chars` characters. */
export function meetsCompletion(input: ReadingFacts): boolean {
  const missing = getCompletionShortfall(input);
  return missing.chars === 0 && missing.seconds === 0;
}

/** Whether a section counts as started: a paragraph read, or a minute of active reading. */
export function isStarted(input: { paragraphsRead: number; activeSeconds: number }): boolean {
  return input.paragraphsRead > 0 || input.activeSeconds >= PROGRESS_RULES.startedActiveSeconds;
}
