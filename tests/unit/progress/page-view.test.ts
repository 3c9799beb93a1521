import { describe, expect, it, vi } from "vitest";
import type { QueuedBeat } from "@/lib/progress/tracker/beat";
import {
  PROGRESS_EVENT, PROGRESS_FLUSH_EVENT, PROGRESS_REQUEST_EVENT, PROGRESS_STORED_EVENT, type ProgressEventDetail, type StoredSectionStatus,
} from "@/lib/progress/tracker/events";
import { startPageView, type ParagraphSighting } from "@/lib/progress/tracker/page-view";
import { PROGRESS_QUEUE_KEY } from "@/lib/progress/tracker/queue";
import { makeBeat, MemoryStorage, paragraphId } from "./fakes";

const [A, B, C] = [paragraphId(0xa), paragraphId(0xb), paragraphId(0xc)];
const PARAGRAPHS = [
  { id: A, chars: 150 },
  { id: B, chars: 150 },
  { id: C, chars: 150 },
];
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** An EventTarget that counts its listeners, standing in for window or document. */
class Host extends EventTarget {
  listeners = 0;
  override addEventListener(...args: Parameters<EventTarget["addEventListener"]>) {
    this.listeners += 1;
    super.addEventListener(...args);
  }
  override removeEventListener(...args: Parameters<EventTarget["removeEventListener"]>) {
    this.listeners -= 1;
    super.removeEventListener(...args);
  }
}

function setup(options: { replies?: Array<number | "network-error">; storage?: MemoryStorage; visible?: boolean; answer?: unknown } = {}) {
  let ms = 0;
  const replies = [...(options.replies ?? [])];
  const win = new Host();
  const doc = Object.assign(new Host(), { visibilityState: (options.visible ?? true ? "visible" : "hidden") as DocumentVisibilityState });
  const intervals: Array<{ run: () => void; cleared: boolean }> = [];
  const timers: Array<{ ms: number; cleared: boolean }> = [];
  const observer = { ids: [] as string[], report: (_: ParagraphSighting[]) => {}, disconnected: false };
  const posted: QueuedBeat[][] = [];
  const beacons: QueuedBeat[][] = [];
  const events: ProgressEventDetail[] = [];
  const trouble: string[] = [];
  win.addEventListener(PROGRESS_EVENT, (event) => events.push((event as CustomEvent<ProgressEventDetail>).detail));
  const storage = options.storage ?? new MemoryStorage();
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    posted.push((JSON.parse(String(init.body)) as { beats: QueuedBeat[] }).beats);
    const reply = replies.shift() ?? 200;
    if (reply === "network-error") throw new TypeError("Failed to fetch");
    return { status: reply, json: async () => options.answer ?? {} };
  });
  const stop = startPageView(
    { material: "deep-poverty-speech", section: "intro", version: "0123456789ab", paragraphs: PARAGRAPHS, owner: "张三", onTrouble: (m) => trouble.push(m) },
    {
      window: win,
      document: doc,
      observe: (ids, report) => {
        Object.assign(observer, { ids, report });
        return { disconnect: () => (observer.disconnected = true) };
      },
      fetch,
      sendBeacon: (_url, data) => {
        void data.text().then((text) => beacons.push((JSON.parse(text) as { beats: QueuedBeat[] }).beats));
        return true;
      },
      isOnline: () => true,
      random: () => 0.5,
      setInterval: (run) => {
        const interval = { run, cleared: false };
        intervals.push(interval);
        return interval;
      },
      clearInterval: (interval) => ((interval as { cleared: boolean }).cleared = true),
      setTimer: (_run, delay) => {
        const timer = { ms: delay, cleared: false };
        timers.push(timer);
        return timer;
      },
      clearTimer: (timer) => ((timer as { cleared: boolean }).cleared = true),
      clock: () => ms,
      dateNow: () => 1_700_000_000_000 + ms,
      storage,
      fillRandom: (bytes) => bytes.fill(7),
      warn: vi.fn(),
    },
  );
  const running = () => intervals.filter((i) => !i.cleared);
  return {
    win, doc, observer, posted, beacons, events, trouble, fetch, storage, timers, running, stop,
    /** Lets `seconds` pass, one interval tick a second (only while the interval is running). */
    pass: async (seconds: number) => {
      for (let i = 0; i < seconds; i++) {
        ms += 1000;
        for (const interval of running()) interval.run();
        await settle();
      }
    },
    see: (id: string, onScreen = true) => observer.report([{ id, isIntersecting: onScreen, ratio: onScreen ? 1 : 0, visibleHeight: 100, viewportHeight: 800 }]),
    /** A real interaction: the reader points at the page. */
    interact: () => win.dispatchEvent(new Event("pointerdown")),
    setVisibility: (state: DocumentVisibilityState) => {
      doc.visibilityState = state;
      doc.dispatchEvent(new Event("visibilitychange"));
    },
  };
}

describe("a page view", () => {
  it("observes every paragraph, and reads, queues and posts what was dwelt on", async () => {
    const t = setup();
    expect(t.observer.ids).toEqual([A, B, C]);
    t.interact();
    t.see(A);
    await t.pass(10);
    expect(t.events.at(-1)).toEqual({ material: "deep-poverty-speech", section: "intro", readIds: [A], activeSeconds: 10, active: true });
    expect(t.posted).toEqual([]);
    await t.pass(5);
    expect(t.posted).toEqual([[expect.objectContaining({ paragraphs: [A], activeSeconds: 15, viewId: "BwcHBwcHBwcHBwcH" })]]);
    expect(t.storage.data.has(PROGRESS_QUEUE_KEY)).toBe(false);
  });

  it("posts beats queued by earlier page views of the same reader as soon as it starts", async () => {
    const storage = new MemoryStorage();
    const earlier = makeBeat({ viewId: "view-earlier1", paragraphs: [B], activeSeconds: 40 });
    const someoneElse = makeBeat({ viewId: "view-someone1" });
    storage.setItem(PROGRESS_QUEUE_KEY, JSON.stringify({ entries: [
      { beat: earlier, owner: "张三", queuedAt: 1, updatedAt: 1 },
      { beat: someoneElse, owner: "李四", queuedAt: 1, updatedAt: 1 },
    ] }));
    const t = setup({ storage });
    await t.pass(0);
    await vi.waitFor(() => expect(t.posted).toEqual([[earlier]]));
  });

  it("does not credit paragraphs skipped by a jump to the bottom", async () => {
    const t = setup();
    t.see(C);
    await t.pass(30);
    expect(t.posted.flat().at(-1)?.paragraphs).toEqual([C]);
  });

  it("sends by beacon when hidden, once, keeps the beat queued, and stops all timed work", async () => {
    const t = setup();
    t.interact();
    t.see(A);
    await t.pass(12);
    t.setVisibility("hidden");
    t.win.dispatchEvent(new Event("pagehide"));
    await t.pass(100);
    expect(t.beacons).toEqual([[expect.objectContaining({ paragraphs: [A], activeSeconds: 12 })]]);
    expect(t.running()).toEqual([]);
    expect(t.fetch).not.toHaveBeenCalled();
    expect(t.storage.data.get(PROGRESS_QUEUE_KEY)).toContain(A);
    // Back in the tab: the overdue flush goes out at the first tick; hidden time counted for nothing,
    // and coming back is not reading until the reader does something.
    t.setVisibility("visible");
    await t.pass(1);
    expect(t.posted).toEqual([[expect.objectContaining({ paragraphs: [A], activeSeconds: 12 })]]);
  });

  it("drops a pending retry while hidden and retries at once when the reader is back", async () => {
    const t = setup({ replies: ["network-error"] });
    t.see(A);
    await t.pass(15);
    expect(t.fetch).toHaveBeenCalledTimes(1);
    expect(t.timers.filter((timer) => !timer.cleared)).toHaveLength(1);
    t.setVisibility("hidden");
    expect(t.timers.filter((timer) => !timer.cleared)).toEqual([]);
    t.setVisibility("visible");
    await t.pass(0);
    expect(t.fetch).toHaveBeenCalledTimes(2);
    expect(t.storage.data.has(PROGRESS_QUEUE_KEY)).toBe(false);
  });

  it("on reconnect sends what the page has measured by then, not the beat queued when the connection dropped (issue 18)", async () => {
    const t = setup({ replies: ["network-error"] });
    t.interact();
    t.see(A);
    await t.pass(15);
    expect(t.posted).toEqual([[expect.objectContaining({ activeSeconds: 15 })]]);
    t.interact();
    await t.pass(25); // still offline; the retry is scheduled and the page keeps measuring
    t.win.dispatchEvent(new Event("online"));
    await t.pass(0);
    expect(t.posted.at(-1)).toEqual([expect.objectContaining({ paragraphs: [A], activeSeconds: 40 })]);
    expect(t.storage.data.has(PROGRESS_QUEUE_KEY)).toBe(false);
  });

  it("on reconnect sends what was read offline at once, even before anything was queued", async () => {
    const t = setup();
    t.interact();
    await t.pass(8);
    expect(t.posted).toEqual([]);
    t.win.dispatchEvent(new Event("online"));
    await t.pass(0);
    expect(t.posted).toEqual([[expect.objectContaining({ activeSeconds: 8 })]]);
  });

  it("announces what it measured when it changes, and on request", async () => {
    const t = setup();
    expect(t.events).toEqual([{ material: "deep-poverty-speech", section: "intro", readIds: [], activeSeconds: 0, active: false }]);
    t.interact();
    await t.pass(3);
    expect(t.events.map((e) => [e.activeSeconds, e.active])).toEqual([[0, false], [1, true], [2, true], [3, true]]);
    await t.pass(100); // idle: nothing changes after 60 s
    const count = t.events.length;
    await t.pass(10);
    expect(t.events).toHaveLength(count);
    t.win.dispatchEvent(new Event(PROGRESS_REQUEST_EVENT));
    expect(t.events).toHaveLength(count + 1);
  });

  it("tells the reader after a minute of failed delivery", async () => {
    const t = setup({ replies: Array.from({ length: 10 }, () => "network-error" as const) });
    t.see(A);
    await t.pass(59);
    expect(t.trouble.filter(Boolean)).toEqual([]);
    await t.pass(20);
    expect(t.trouble.at(-1)).toContain("网络连接不稳定");
  });

  it("cleans up every listener and timer when stopped, delivering what was measured last", async () => {
    const t = setup({ replies: [200, "network-error"] });
    t.interact();
    t.see(A);
    await t.pass(16);
    expect(t.win.listeners).toBeGreaterThan(1);
    t.see(B);
    await t.pass(10);
    await t.stop();
    expect(t.win.listeners).toBe(1); // the test's own event recorder
    expect(t.doc.listeners).toBe(0);
    expect(t.running()).toEqual([]);
    expect(t.observer.disconnected).toBe(true);
    expect(t.posted.at(-1)).toEqual([expect.objectContaining({ paragraphs: [A, B], activeSeconds: 26 })]);
    // The last post failed: no retry timer outlives the page view, and the beat waits in storage.
    expect(t.timers.filter((timer) => !timer.cleared)).toEqual([]);
    expect(t.storage.data.get(PROGRESS_QUEUE_KEY)).toContain(B);
  });

  it("credits no time before the first real interaction; the page scrolling itself is not one (issue 15)", async () => {
    const t = setup();
    // The browser scrolls on load (to a #paragraph, or back to where a reload was).
    t.win.dispatchEvent(new Event("scroll"));
    t.see(A);
    await t.pass(20);
    // The paragraph on screen was seen, but 20 s of an untouched page are no reading time.
    expect(t.events.at(-1)).toMatchObject({ readIds: [A], activeSeconds: 0, active: false });
    expect(t.posted.flat().at(-1)).toMatchObject({ paragraphs: [A], activeSeconds: 0 });
    t.win.dispatchEvent(new Event("keydown"));
    await t.pass(5);
    expect(t.events.at(-1)).toMatchObject({ activeSeconds: 5, active: true });
  });

  it("passes on the server's status of each section a delivery recorded", async () => {
    const stored = [{ material: "deep-poverty-speech", slug: "intro", title: "引言", state: "done", percent: 100 }];
    const t = setup({ answer: { ok: true, recorded: 1, sections: stored } });
    const received: StoredSectionStatus[][] = [];
    t.win.addEventListener(PROGRESS_STORED_EVENT, (event) => received.push((event as CustomEvent<StoredSectionStatus[]>).detail));
    t.interact();
    t.see(A);
    await t.pass(15);
    expect(t.posted).toHaveLength(1);
    expect(received).toEqual([stored]);
  });

  it("delivers at once when the page asks (it thinks the section is complete), at most every 5 s", async () => {
    const t = setup();
    t.interact();
    t.see(A);
    await t.pass(11);
    expect(t.posted).toEqual([]);
    t.win.dispatchEvent(new Event(PROGRESS_FLUSH_EVENT));
    await t.pass(0);
    expect(t.posted).toEqual([[expect.objectContaining({ paragraphs: [A], activeSeconds: 11 })]]);
    await t.pass(1);
    t.win.dispatchEvent(new Event(PROGRESS_FLUSH_EVENT));
    await t.pass(0);
    expect(t.posted).toHaveLength(1);
  });
});
