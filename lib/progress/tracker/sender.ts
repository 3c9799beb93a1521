import type { QueuedBeat } from "./beat";
import type { BeatQueue } from "./queue";

/** What the tracker shows the reader about delivery. */
export type SenderStatus =
  | { state: "ok" }
  | { state: "retrying"; since: number }
  /** The server answered 401/403: nothing is sent until the reader signs in (or changes the password). */
  | { state: "signed-out"; since: number };

export type SenderOptions = {
  queue: BeatQueue;
  /** Whose beats this page may send (see QueueEntry.owner). */
  owner: string;
  fetch: (url: string, init: RequestInit) => Promise<{ status: number; json(): Promise<unknown> }>;
  sendBeacon?: (url: string, data: Blob) => boolean;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  now: () => number;
  random: () => number;
  isOnline?: () => boolean;
  warn?: (...args: unknown[]) => void;
  /**
   * Called before each delivery reads the queue: the page queues what it has measured by now, so a
   * retry after an offline spell sends the latest cumulative value, not the one queued when the
   * connection dropped (the server's clock would otherwise settle on the stale one and lose the rest).
   */
  beforeSend?: () => void;
  /** Receives the body of each answer that recorded beats (it names the sections' new status). */
  onRecorded?: (body: unknown) => void;
  endpoint?: string;
};

export const MAX_BEATS_PER_REQUEST = 50;
// keepalive fetch and sendBeacon refuse bodies over 64 KiB; stay under it with room to spare.
export const MAX_BODY_BYTES = 60_000;
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 5 * 60_000;

const encoder = new TextEncoder();

/** Splits beats into request bodies of at most 50 beats and MAX_BODY_BYTES each. */
export function toBatches(beats: QueuedBeat[]): QueuedBeat[][] {
  const batches: QueuedBeat[][] = [];
  let current: QueuedBeat[] = [];
  let bytes = 12; // {"beats":[]}
  for (const beat of beats) {
    const size = encoder.encode(JSON.stringify(beat)).length + 1;
    if (current.length > 0 && (current.length === MAX_BEATS_PER_REQUEST || bytes + size > MAX_BODY_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 12;
    }
    current.push(beat);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Delay before retry number `failures` (1, 2, …): doubling from 2 s, capped at 5 min, ±20 % jitter. */
export function getRetryDelayMs(failures: number, random: number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  return Math.min(MAX_RETRY_MS, Math.round(base * (0.8 + 0.4 * random)));
}

const SHOW_TROUBLE_AFTER_MS = 60_000;

/**
 * The status line for the reader, or "" when all is well. Brief outages are not worth a word; an
 * anonymous reader (public reading) was never signed in, so there is nothing to sign in again to.
 */
export function getTroubleMessage(input: { status: SenderStatus; owner: string; hasQueued: boolean; now: number }): string {
  const { status } = input;
  if (!input.hasQueued) return "";
  if (status.state === "signed-out") return input.owner ? "登录已失效，阅读记录已保存在本机，重新登录后将自动上传" : "";
  if (status.state === "retrying" && input.now - status.since >= SHOW_TROUBLE_AFTER_MS) {
    return "网络连接不稳定，阅读记录已保存在本机，恢复后将自动上传";
  }
  return "";
}

type Outcome = "sent" | "retry" | "signed-out" | "refused";

/** The indexes of refused beats from a 4xx answer (`refused: [{ index }]`), or null when it names none. */
function getRefusedIndexes(refused: unknown, size: number): Set<number> | null {
  if (!Array.isArray(refused) || refused.length === 0) return null;
  const indexes = refused.map((entry) => (typeof entry === "object" && entry !== null ? (entry as { index?: unknown }).index : undefined));
  if (!indexes.every((i): i is number => Number.isInteger(i) && (i as number) >= 0 && (i as number) < size)) return null;
  return new Set(indexes);
}

/**
 * Sends queued beats to POST /api/progress. A beat leaves the queue only when the server has
 * accepted it (or refused it for good); every failure keeps it for a retry with backoff, so a reader
 * on a bad connection loses nothing.
 */
export class BeatSender {
  private readonly o: SenderOptions;
  private readonly endpoint: string;
  private failures = 0;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private suspended = false;
  private disposed = false;
  private status: SenderStatus = { state: "ok" };

  constructor(options: SenderOptions) {
    this.o = options;
    this.endpoint = options.endpoint ?? "/api/progress";
  }

  getStatus(): SenderStatus {
    return this.status;
  }

  /** Sends everything this owner has queued, unless a retry is already scheduled or sending is blocked. */
  flush(): Promise<void> {
    if (this.running) return this.running;
    if (this.disposed || this.suspended || this.timer !== null || this.status.state === "signed-out") return Promise.resolve();
    this.running = this.sendAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Tries again at once: the connection is back (`online`) or the reader may have signed in again. */
  retryNow(): Promise<void> {
    this.clearRetry();
    if (this.status.state === "signed-out") this.status = { state: "ok" };
    return this.flush();
  }

  /** Stops timed work while the tab is hidden; resume() picks it up again. */
  suspend(): void {
    this.suspended = true;
    this.clearRetry();
  }

  /** Resumes after suspend(); a failed delivery is retried at once, since the reader is back. */
  resume(): Promise<void> {
    this.suspended = false;
    return this.status.state === "ok" ? Promise.resolve() : this.retryNow();
  }

  /** Stops all timers for good (the component unmounts); a request in flight still completes. */
  dispose(): void {
    this.disposed = true;
    this.clearRetry();
  }

  /**
   * Last-chance delivery while the page is being hidden or unloaded. The beats stay queued: the
   * server's merge is idempotent, and only a confirmed fetch may remove them.
   */
  beacon(beats: QueuedBeat[]): boolean {
    const batch = toBatches(beats)[0];
    if (!batch || this.status.state === "signed-out") return false;
    const json = JSON.stringify({ beats: batch });
    try {
      if (this.o.sendBeacon?.(this.endpoint, new Blob([json], { type: "application/json" }))) return true;
    } catch {
      // Some browsers refuse a JSON Blob in sendBeacon; keepalive fetch below does the same job.
    }
    // Nobody is left to handle the answer; the beats are still queued for the next page to send.
    this.o.fetch(this.endpoint, this.requestInit(json)).catch(() => undefined);
    return false;
  }

  private clearRetry(): void {
    if (this.timer !== null) this.o.clearTimer(this.timer);
    this.timer = null;
  }

  private requestInit(body: string): RequestInit {
    return { method: "POST", credentials: "same-origin", keepalive: true, headers: { "content-type": "application/json" }, body };
  }

  private async sendAll(): Promise<void> {
    this.o.beforeSend?.();
    const beats = this.o.queue.list(this.o.owner).map((entry) => entry.beat);
    for (const batch of toBatches(beats)) {
      const outcome = await this.sendBatch(batch);
      if (outcome === "retry") return this.scheduleRetry();
      if (outcome === "signed-out") {
        this.status = { state: "signed-out", since: this.o.now() };
        return;
      }
    }
    this.failures = 0;
    this.status = { state: "ok" };
  }

  private async sendBatch(batch: QueuedBeat[]): Promise<Outcome> {
    const outcome = await this.post(batch);
    if (outcome !== "refused") return outcome;
    if (batch.length === 1) {
      this.o.queue.drop(batch);
      return "sent";
    }
    // A refusal that names no beat (the batch as a whole was malformed or too large): send them one
    // by one so only the bad beat is dropped.
    for (const beat of batch) {
      const single = await this.sendBatch([beat]);
      if (single === "retry" || single === "signed-out") return single;
    }
    return "sent";
  }

  private async post(batch: QueuedBeat[]): Promise<Outcome> {
    if (this.o.isOnline?.() === false) return "retry";
    let response: { status: number; json(): Promise<unknown> };
    try {
      response = await this.o.fetch(this.endpoint, this.requestInit(JSON.stringify({ beats: batch })));
    } catch {
      return "retry"; // offline, DNS, connection reset: the beats wait for the next attempt
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      this.o.queue.removeSent(batch);
      this.o.onRecorded?.(await response.json().catch(() => null));
      return "sent";
    }
    if (status === 401 || status === 403) return "signed-out";
    if (status === 408 || status === 429 || status >= 500 || status < 200) return "retry";
    const body = (await response.json().catch(() => null)) as { error?: unknown; message?: unknown; refused?: unknown } | null;
    const refused = getRefusedIndexes(body?.refused, batch.length);
    if (refused) {
      // The server merged the others and names the refused ones: drop exactly those.
      const bad = batch.filter((_, i) => refused.has(i));
      for (const beat of bad) this.o.warn?.("[reading-tracker] server refused a reading beat; dropping it", status, body?.error, body?.message, beat);
      this.o.queue.removeSent(batch.filter((_, i) => !refused.has(i)));
      this.o.queue.drop(bad);
      this.o.onRecorded?.(body);
      return "sent";
    }
    if (batch.length === 1) this.o.warn?.("[reading-tracker] server refused a reading beat; dropping it", status, body?.error, body?.message, batch[0]);
    return "refused";
  }

  private scheduleRetry(): void {
    this.failures += 1;
    if (this.status.state !== "retrying") this.status = { state: "retrying", since: this.o.now() };
    if (this.disposed || this.suspended) return;
    this.timer = this.o.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, getRetryDelayMs(this.failures, this.o.random()));
  }
}
