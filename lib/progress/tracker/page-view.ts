import { PROGRESS_RULES } from "../config";
import { createViewId, type QueuedBeat } from "./beat";
import { DwellTracker, isHalfOnScreen, type TrackedParagraph } from "./dwell";
import {
  PROGRESS_EVENT, PROGRESS_FLUSH_EVENT, PROGRESS_REQUEST_EVENT, PROGRESS_STORED_EVENT, type ProgressEventDetail, type StoredSectionStatus,
} from "./events";
import { BeatQueue, type StorageLike } from "./queue";
import { BeatSender, getTroubleMessage, type SenderOptions } from "./sender";

type Listener = (event: Event) => void;
/** The part of window and document the tracker listens on (a real one, or an EventTarget in tests). */
export type EventHost = {
  addEventListener(type: string, listener: Listener, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: Listener): void;
};

/** One IntersectionObserver report, reduced to what counts. */
export type ParagraphSighting = { id: string; isIntersecting: boolean; ratio: number; visibleHeight: number; viewportHeight: number };

/** Everything the tracker needs from the browser, injected so the wiring is testable without a DOM. */
export type TrackerEnv = Pick<SenderOptions, "fetch" | "sendBeacon" | "random" | "isOnline"> & {
  window: EventHost & { dispatchEvent(event: Event): boolean };
  document: EventHost & { readonly visibilityState: DocumentVisibilityState };
  observe: (ids: string[], report: (sightings: ParagraphSighting[]) => void) => { disconnect(): void };
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (timer: unknown) => void;
  setTimer: SenderOptions["setTimer"];
  clearTimer: SenderOptions["clearTimer"];
  /** Monotonic milliseconds (performance.now) for measuring; dateNow for timestamps. */
  clock: () => number;
  dateNow: () => number;
  storage: StorageLike | null;
  fillRandom: (bytes: Uint8Array) => Uint8Array;
  warn: (...args: unknown[]) => void;
};

export type PageViewOptions = {
  material: string;
  section: string;
  version: string;
  paragraphs: TrackedParagraph[];
  /** Who is signed in (QueueEntry.owner). */
  owner: string;
  /** Receives the status line for the reader ("" when all is well), once a second while visible. */
  onTrouble: (message: string) => void;
  /** Resolves when a previous page view's last delivery is done, so the two do not post the same beats. */
  after?: Promise<void>;
};

// What the reader does, not what the page does: no "scroll", because the browser scrolls by itself on
// load (to a #paragraph, or back to where a reload was), and that is not the reader at work. A reader
// scrolls with a wheel, keys, a pointer or a touch, and those are here.
const INTERACTIONS = ["keydown", "pointerdown", "pointermove", "touchstart", "wheel"];
const BEAT_MS = PROGRESS_RULES.beatIntervalSeconds * 1000;
const QUEUE_NEWS_AFTER_MS = 5000;
const FLUSH_NEWS_AFTER_MS = 15_000;
// A page asking for a delivery now (PROGRESS_FLUSH_EVENT) is served at most this often.
const FLUSH_ON_REQUEST_EVERY_MS = 5000;

/**
 * Tracks one page view of a section until the returned stop function is called: measures reading,
 * queues beats (on news at most every 5 s, else every beat interval), sends them every 15–30 s and by
 * beacon when the page is hidden, and tells other components what it measured. Stop returns the
 * last delivery, which the next page view should wait for.
 */
export function startPageView(o: PageViewOptions, env: TrackerEnv): () => Promise<void> {
  const { material, section, version, owner } = o;
  const viewId = createViewId(env.fillRandom);
  const dwell = new DwellTracker({ paragraphs: o.paragraphs, now: env.clock(), pageVisible: env.document.visibilityState === "visible" });
  const queue = new BeatQueue({ storage: env.storage, now: env.dateNow, warn: env.warn });
  const sender = new BeatSender({
    queue, owner, fetch: env.fetch, sendBeacon: env.sendBeacon, setTimer: env.setTimer, clearTimer: env.clearTimer,
    now: env.dateNow, random: env.random, isOnline: env.isOnline, warn: env.warn,
    // Every delivery (a retry on reconnect, a timer) first supersedes what this view queued with
    // what the page has measured by now (the tick keeps the measurement at most a second old).
    beforeSend: () => {
      if (queuedSig !== "0/0") enqueue();
    },
    // The answer's `sections` (checked by their listener, components/progress/progress-store.ts).
    onRecorded: (body) => {
      const sections = (body as { sections?: StoredSectionStatus[] } | null)?.sections;
      if (Array.isArray(sections)) env.window.dispatchEvent(new CustomEvent(PROGRESS_STORED_EVENT, { detail: sections }));
    },
  });
  let tick: unknown = null;
  let lastNote = -Infinity;
  let lastQueuedAt = env.clock();
  let lastFlushAt = env.clock();
  let news = false; // a paragraph became read since the last flush
  // Signatures (read count / active seconds) of what was last queued, beaconed and dispatched.
  let queuedSig = "0/0";
  let beaconSig = "0/0";
  let dispatchedSig = "";

  const sig = () => `${dwell.getReadIds().length}/${dwell.getActiveSeconds()}`;
  const note = (newlyRead: string[]) => {
    if (newlyRead.length > 0) news = true;
  };
  const currentBeat = (): QueuedBeat => ({
    material, section, version, viewId, paragraphs: dwell.getReadIds(), activeSeconds: dwell.getActiveSeconds(), clientTime: env.dateNow(),
  });
  const enqueue = () => {
    lastQueuedAt = env.clock();
    if (sig() === queuedSig) return;
    queue.put(currentBeat(), owner);
    queuedSig = sig();
  };
  const dispatch = (force: boolean) => {
    const active = dwell.isActive(env.clock());
    if (!force && `${sig()}/${active}` === dispatchedSig) return;
    dispatchedSig = `${sig()}/${active}`;
    const detail: ProgressEventDetail = { material, section, readIds: dwell.getReadIds(), activeSeconds: dwell.getActiveSeconds(), active };
    env.window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail }));
  };
  const flush = () => {
    enqueue();
    lastFlushAt = env.clock();
    news = false;
    return sender.flush();
  };

  const onTick = () => {
    const now = env.clock();
    note(dwell.advance(now));
    dispatch(false);
    if ((news && now - lastQueuedAt >= QUEUE_NEWS_AFTER_MS) || now - lastQueuedAt >= BEAT_MS) enqueue();
    if ((news && now - lastFlushAt >= FLUSH_NEWS_AFTER_MS) || now - lastFlushAt >= BEAT_MS) void flush();
    const status = sender.getStatus();
    // Reading the queue parses localStorage, so only when delivery is in trouble.
    const hasQueued = status.state !== "ok" && queue.list(owner).length > 0;
    o.onTrouble(getTroubleMessage({ status, owner, hasQueued, now: env.dateNow() }));
  };
  const stopTicking = () => {
    if (tick !== null) env.clearInterval(tick);
    tick = null;
  };

  // Hidden or unloading: no more work, and the last chance to deliver, by beacon as well as queued.
  const hide = () => {
    stopTicking();
    note(dwell.setPageVisible(false, env.clock()));
    enqueue();
    if (sig() !== beaconSig && sig() !== "0/0") {
      sender.beacon([currentBeat()]);
      beaconSig = sig();
    }
    sender.suspend();
  };
  const show = () => {
    if (env.document.visibilityState !== "visible") return;
    note(dwell.setPageVisible(true, env.clock()));
    if (tick === null) tick = env.setInterval(onTick, 1000);
    void sender.resume();
  };
  const onVisibility = () => (env.document.visibilityState === "hidden" ? hide() : show());
  const onInteraction = () => {
    const now = env.clock();
    // pointermove and scroll fire dozens of times a second; twice a second is plenty.
    if (now - lastNote < 500) return;
    lastNote = now;
    note(dwell.noteInteraction(now));
  };
  // Back online: what was read offline goes out now, not at the next beat.
  const onOnline = () => {
    enqueue();
    void sender.retryNow();
  };
  const onRequest = () => dispatch(true);
  let lastFlushRequest = -Infinity;
  const onFlushRequest = () => {
    const now = env.clock();
    if (now - lastFlushRequest < FLUSH_ON_REQUEST_EVERY_MS) return;
    lastFlushRequest = now;
    note(dwell.advance(now));
    void flush();
  };

  const observer = env.observe(
    o.paragraphs.map((p) => p.id),
    (sightings) => {
      const now = env.clock();
      for (const s of sightings) note(dwell.setOnScreen(s.id, s.isIntersecting && isHalfOnScreen(s), now));
    },
  );
  const listeners: Array<[EventHost, string, Listener]> = [
    ...INTERACTIONS.map((type): [EventHost, string, Listener] => [env.window, type, onInteraction]),
    [env.document, "visibilitychange", onVisibility],
    [env.window, "pagehide", hide],
    [env.window, "pageshow", show], // back from the bfcache
    [env.window, "online", onOnline],
    [env.window, PROGRESS_REQUEST_EVENT, onRequest],
    [env.window, PROGRESS_FLUSH_EVENT, onFlushRequest],
  ];
  for (const [host, type, listener] of listeners) host.addEventListener(type, listener, { passive: true });
  show();
  dispatch(true);
  // Beats queued by earlier page views (a reload, a closed tab, an offline spell) go out now.
  const sendEarlier = () => sender.flush();
  void (o.after ?? Promise.resolve()).then(sendEarlier, sendEarlier);

  return () => {
    stopTicking();
    observer.disconnect();
    for (const [host, type, listener] of listeners) host.removeEventListener(type, listener);
    // Client-side navigation fires no pagehide: deliver what was measured now, so 我的学习 is up to
    // date; if this fails, the beat stays queued for the next page.
    note(dwell.advance(env.clock()));
    const last = flush();
    sender.dispose();
    return last;
  };
}
