import { PROGRESS_RULES } from "../config";

/** A paragraph of the section as the page knows it. */
export type TrackedParagraph = { id: string; chars: number };

export type DwellOptions = {
  paragraphs: TrackedParagraph[];
  /** Clock reading (ms, monotonic: performance.now() in the browser) when tracking starts. */
  now: number;
  /** Whether the tab is visible when tracking starts. */
  pageVisible: boolean;
  /** Shortest dwell that can mark a paragraph read, so a heading is not read by a flick past it. */
  minDwellMs?: number;
  /**
   * Longest stretch credited between two clock readings. The browser ticks every second; a longer
   * gap means the device slept or the thread was frozen, and that time was not reading.
   */
  maxStepMs?: number;
};

/** Milliseconds a paragraph of `chars` characters must be at least half on screen to count as read. */
export function getRequiredDwellMs(chars: number, minDwellMs = 1000): number {
  return Math.max(minDwellMs, (chars / PROGRESS_RULES.maxReadingCharsPerSecond) * 1000);
}

/**
 * Whether a paragraph counts as "at least half on screen". A paragraph taller than twice the viewport
 * can never be half visible, so one that fills at least half the viewport counts too: the reader is
 * looking at nothing else.
 */
export function isHalfOnScreen(input: { ratio: number; visibleHeight: number; viewportHeight: number }): boolean {
  if (input.ratio >= 0.5) return true;
  return input.viewportHeight > 0 && input.visibleHeight >= input.viewportHeight / 2;
}

/**
 * Measures one page view: which paragraphs have been read and how many seconds of active reading
 * there were. Pure and clock-injected: every method takes the current time, and time is credited
 * for the stretch since the previous reading, under the state that held during that stretch.
 */
export class DwellTracker {
  private readonly required = new Map<string, number>();
  private readonly dwelt = new Map<string, number>();
  private readonly onScreen = new Set<string>();
  // A Set keeps insertion order, so readIds() lists paragraphs in the order they were read.
  private readonly read = new Set<string>();
  private readonly maxStepMs: number;
  private lastAt: number;
  private pageVisible: boolean;
  private lastInteractionAt: number;
  private activeMs = 0;

  constructor(options: DwellOptions) {
    for (const p of options.paragraphs) this.required.set(p.id, getRequiredDwellMs(p.chars, options.minDwellMs));
    this.maxStepMs = options.maxStepMs ?? 5000;
    this.lastAt = options.now;
    this.pageVisible = options.pageVisible;
    // Nothing is credited until the reader scrolls, types, points or touches: opening a page (or
    // returning to its tab) and walking away is exactly the idle time the rule excludes (issue 15).
    this.lastInteractionAt = -Infinity;
  }

  /** Credits the time since the last reading; returns the ids that became read just now. */
  advance(now: number): string[] {
    const step = Math.min(Math.max(0, now - this.lastAt), this.maxStepMs);
    this.lastAt = Math.max(this.lastAt, now);
    if (!this.pageVisible || step === 0) return [];
    const stepStart = now - step;
    const idleAt = this.lastInteractionAt + PROGRESS_RULES.idleAfterSeconds * 1000;
    this.activeMs += Math.max(0, Math.min(now, idleAt) - stepStart);
    const newlyRead: string[] = [];
    for (const id of this.onScreen) {
      const total = (this.dwelt.get(id) ?? 0) + step;
      this.dwelt.set(id, total);
      if (total >= (this.required.get(id) ?? Infinity)) {
        this.read.add(id);
        this.onScreen.delete(id);
        newlyRead.push(id);
      }
    }
    return newlyRead;
  }

  /** Records that a paragraph started or stopped being at least half on screen. */
  setOnScreen(id: string, onScreen: boolean, now: number): string[] {
    const newlyRead = this.advance(now);
    if (!this.required.has(id) || this.read.has(id)) return newlyRead;
    if (onScreen) this.onScreen.add(id);
    else this.onScreen.delete(id);
    return newlyRead;
  }

  /** Records the tab becoming visible or hidden; hidden time counts for nothing. */
  setPageVisible(visible: boolean, now: number): string[] {
    const newlyRead = this.advance(now);
    this.pageVisible = visible;
    return newlyRead;
  }

  /** Records a scroll, key, pointer or touch: active time accrues for the next idle window. */
  noteInteraction(now: number): string[] {
    const newlyRead = this.advance(now);
    this.lastInteractionAt = now;
    return newlyRead;
  }

  /** Ids of the paragraphs read in this view, in the order they were read. */
  getReadIds(): string[] {
    return [...this.read];
  }

  /** Whether active time is accruing now: the tab is visible and the last interaction is recent. */
  isActive(now: number): boolean {
    return this.pageVisible && now < this.lastInteractionAt + PROGRESS_RULES.idleAfterSeconds * 1000;
  }

  /** Whole seconds of active reading in this view (the server takes integers). */
  getActiveSeconds(): number {
    return Math.floor(this.activeMs / 1000);
  }
}
