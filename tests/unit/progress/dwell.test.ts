import { describe, expect, it } from "vitest";
import { PROGRESS_RULES } from "@/lib/progress/config";
import { DwellTracker, getRequiredDwellMs, isHalfOnScreen } from "@/lib/progress/tracker/dwell";

const S = 1000;

/** Ticks once a second from `from` to `to` (ms), as the component's interval does. */
function tickThrough(tracker: DwellTracker, from: number, to: number): string[] {
  const read: string[] = [];
  for (let t = from + S; t <= to; t += S) read.push(...tracker.advance(t));
  return read;
}

function createTracker(paragraphs = [{ id: "a", chars: 150 }], pageVisible = true) {
  return new DwellTracker({ paragraphs, now: 0, pageVisible });
}

describe("paragraph dwell", () => {
  it("derives the dwell from the shared reading rule, with a one-second floor", () => {
    expect(PROGRESS_RULES.maxReadingCharsPerSecond).toBe(15);
    expect(getRequiredDwellMs(150)).toBe(10 * S);
    expect(getRequiredDwellMs(300)).toBe(20 * S);
    expect(getRequiredDwellMs(4)).toBe(S);
  });

  it("marks a 150-character paragraph read after 10 s at least half on screen, not before", () => {
    const tracker = createTracker();
    tracker.setOnScreen("a", true, 0);
    expect(tickThrough(tracker, 0, 9 * S)).toEqual([]);
    expect(tracker.getReadIds()).toEqual([]);
    expect(tracker.advance(10 * S)).toEqual(["a"]);
    expect(tracker.getReadIds()).toEqual(["a"]);
    // Reported once only.
    expect(tickThrough(tracker, 10 * S, 20 * S)).toEqual([]);
  });

  it("adds up separate stretches on screen", () => {
    const tracker = createTracker();
    tracker.setOnScreen("a", true, 0);
    tickThrough(tracker, 0, 6 * S);
    tracker.setOnScreen("a", false, 6 * S);
    tickThrough(tracker, 6 * S, 60 * S);
    expect(tracker.getReadIds()).toEqual([]);
    tracker.setOnScreen("a", true, 60 * S);
    expect(tickThrough(tracker, 60 * S, 63 * S)).toEqual([]);
    expect(tracker.advance(64 * S)).toEqual(["a"]);
  });

  it("does not count time while the tab is hidden", () => {
    const tracker = createTracker();
    tracker.setOnScreen("a", true, 0);
    tickThrough(tracker, 0, 5 * S);
    tracker.setPageVisible(false, 5 * S);
    // Some browsers still run timers in a hidden tab; that time must not count.
    expect(tickThrough(tracker, 5 * S, 300 * S)).toEqual([]);
    tracker.setPageVisible(true, 300 * S);
    expect(tickThrough(tracker, 300 * S, 304 * S)).toEqual([]);
    expect(tracker.advance(305 * S)).toEqual(["a"]);
  });

  it("does not mark paragraphs scrolled past quickly, nor those skipped by a jump to the bottom", () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, chars: 150 }));
    const tracker = createTracker(paragraphs);
    let t = 0;
    // A fast scroll through the first four: each is on screen for 300 ms.
    for (const id of ["p0", "p1", "p2", "p3"]) {
      tracker.setOnScreen(id, true, t);
      t += 300;
      tracker.setOnScreen(id, false, t);
    }
    // p4 is jumped over; p5 (the last) is read properly.
    tracker.setOnScreen("p5", true, t);
    tickThrough(tracker, t, t + 12 * S);
    expect(tracker.getReadIds()).toEqual(["p5"]);
  });

  it("credits at most a few seconds across a long gap between clock readings (a sleeping device)", () => {
    const tracker = createTracker();
    tracker.setOnScreen("a", true, 0);
    tracker.advance(3600 * S);
    expect(tracker.getReadIds()).toEqual([]);
    expect(tracker.getActiveSeconds()).toBeLessThanOrEqual(5);
  });

  it("ignores ids that are not paragraphs of the section", () => {
    const tracker = createTracker();
    tracker.setOnScreen("toc-heading", true, 0);
    tickThrough(tracker, 0, 60 * S);
    expect(tracker.getReadIds()).toEqual([]);
  });

  it("keeps the order in which paragraphs were read", () => {
    const tracker = createTracker([
      { id: "long", chars: 300 },
      { id: "short", chars: 15 },
    ]);
    tracker.setOnScreen("long", true, 0);
    tracker.setOnScreen("short", true, 0);
    tickThrough(tracker, 0, 20 * S);
    expect(tracker.getReadIds()).toEqual(["short", "long"]);
  });
});

describe("half on screen", () => {
  it("counts half of the paragraph visible", () => {
    expect(isHalfOnScreen({ ratio: 0.5, visibleHeight: 100, viewportHeight: 800 })).toBe(true);
    expect(isHalfOnScreen({ ratio: 0.49, visibleHeight: 98, viewportHeight: 800 })).toBe(false);
  });

  it("counts a paragraph taller than the screen once it fills half of it", () => {
    // 3000 px tall on an 800 px phone screen: at most 27 % of it can ever be visible.
    expect(isHalfOnScreen({ ratio: 0.27, visibleHeight: 800, viewportHeight: 800 })).toBe(true);
    expect(isHalfOnScreen({ ratio: 0.1, visibleHeight: 300, viewportHeight: 800 })).toBe(false);
    expect(isHalfOnScreen({ ratio: 0.1, visibleHeight: 300, viewportHeight: 0 })).toBe(false);
  });
});

describe("active reading time", () => {
  it("accrues while visible and stops 60 s after the last interaction", () => {
    expect(PROGRESS_RULES.idleAfterSeconds).toBe(60);
    const tracker = createTracker();
    tracker.noteInteraction(0);
    tickThrough(tracker, 0, 100 * S);
    expect(tracker.getActiveSeconds()).toBe(60);
    tracker.noteInteraction(100 * S);
    tickThrough(tracker, 100 * S, 130 * S);
    expect(tracker.getActiveSeconds()).toBe(90);
    tickThrough(tracker, 130 * S, 500 * S);
    expect(tracker.getActiveSeconds()).toBe(120);
  });

  it("stops while the tab is hidden, even right after an interaction", () => {
    const tracker = createTracker();
    tracker.noteInteraction(0);
    tickThrough(tracker, 0, 10 * S);
    tracker.setPageVisible(false, 10 * S);
    tickThrough(tracker, 10 * S, 40 * S);
    expect(tracker.getActiveSeconds()).toBe(10);
    // Coming back to the tab is not reading yet: only what is left of the last interaction's idle
    // window (40–60 s) counts, then nothing until the reader does something.
    tracker.setPageVisible(true, 40 * S);
    tickThrough(tracker, 40 * S, 200 * S);
    expect(tracker.getActiveSeconds()).toBe(30);
    tracker.noteInteraction(200 * S);
    tickThrough(tracker, 200 * S, 210 * S);
    expect(tracker.getActiveSeconds()).toBe(40);
  });

  it("gives a page opened in a background tab nothing until it is shown and touched", () => {
    const tracker = createTracker(undefined, false);
    tickThrough(tracker, 0, 30 * S);
    expect(tracker.getActiveSeconds()).toBe(0);
    tracker.setPageVisible(true, 30 * S);
    tickThrough(tracker, 30 * S, 40 * S);
    expect(tracker.getActiveSeconds()).toBe(0);
    tracker.noteInteraction(40 * S);
    tickThrough(tracker, 40 * S, 50 * S);
    expect(tracker.getActiveSeconds()).toBe(10);
  });

  it("credits nothing to a page opened and left alone: time starts at the first real interaction (issue 15)", () => {
    const tracker = createTracker();
    tickThrough(tracker, 0, 75 * S);
    expect(tracker.getActiveSeconds()).toBe(0);
    expect(tracker.isActive(75 * S)).toBe(false);
    tracker.noteInteraction(75 * S);
    expect(tracker.isActive(75 * S)).toBe(true);
    tickThrough(tracker, 75 * S, 85 * S);
    expect(tracker.getActiveSeconds()).toBe(10);
    expect(tracker.isActive(135 * S)).toBe(false);
  });

  it("counts interactions in a hidden tab for nothing", () => {
    const tracker = createTracker();
    tracker.setPageVisible(false, 0);
    tracker.noteInteraction(5 * S);
    tickThrough(tracker, 5 * S, 50 * S);
    expect(tracker.getActiveSeconds()).toBe(0);
  });
});
