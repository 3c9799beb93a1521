import { getBeatKey, isCoveredBy, isQueuedBeat, mergeBeats, type QueuedBeat } from "./beat";

/** The part of window.localStorage the queue uses, so tests can pass an in-memory fake. */
export type StorageLike = {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
};

/** One page view's unsent reading, with who measured it and since when it has been waiting. */
export type QueueEntry = {
  beat: QueuedBeat;
  /**
   * Who was signed in when the view began (the display hint's name; "" if none). Beats are only ever
   * sent from a page of the same owner, so a shared office computer never credits one reader's
   * offline reading to the next person who signs in.
   */
  owner: string;
  /** Date.now() when this entry first held data not yet confirmed by the server. */
  queuedAt: number;
  /** Date.now() of the last change; the oldest entries go first when the queue is full. */
  updatedAt: number;
};

export const PROGRESS_QUEUE_KEY = "xxyd:progress-queue:v1";

export type QueueOptions = {
  /** null when localStorage is unavailable (private mode, disabled): the queue lives in memory only. */
  storage: StorageLike | null;
  now: () => number;
  key?: string;
  maxEntries?: number;
  warn?: (...args: unknown[]) => void;
};

function isEntry(value: unknown): value is QueueEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return isQueuedBeat(entry.beat) && typeof entry.owner === "string" && Number.isFinite(entry.queuedAt) && Number.isFinite(entry.updatedAt);
}

function mergeEntries(a: QueueEntry[], b: QueueEntry[]): QueueEntry[] {
  const byKey = new Map(a.map((entry) => [getBeatKey(entry.beat), entry]));
  for (const entry of b) {
    const key = getBeatKey(entry.beat);
    const existing = byKey.get(key);
    byKey.set(key, existing ? { ...entry, beat: mergeBeats(existing.beat, entry.beat), queuedAt: Math.min(existing.queuedAt, entry.queuedAt) } : entry);
  }
  return [...byKey.values()];
}

/**
 * Unsent reading beats, one entry per page view, kept in localStorage so that they survive a reload
 * or a closed tab and are sent by the next page. Every operation reads storage afresh because other
 * tabs of the same site share it.
 */
export class BeatQueue {
  private readonly storage: StorageLike | null;
  private readonly now: () => number;
  private readonly key: string;
  private readonly maxEntries: number;
  private readonly warn: (...args: unknown[]) => void;
  /** The full queue as this tab last wrote it; authoritative while storage refuses writes. */
  private memory: QueueEntry[] = [];
  private storageFailing = false;

  constructor(options: QueueOptions) {
    this.storage = options.storage;
    this.now = options.now;
    this.key = options.key ?? PROGRESS_QUEUE_KEY;
    this.maxEntries = options.maxEntries ?? 200;
    this.warn = options.warn ?? (() => {});
  }

  private readStorage(): QueueEntry[] | null {
    if (!this.storage) return null;
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.key);
    } catch {
      return null;
    }
    if (raw === null) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      const list = (parsed as { entries?: unknown } | null)?.entries;
      // Keep what is still usable of a damaged queue rather than throwing all of it away.
      return Array.isArray(list) ? list.filter(isEntry) : [];
    } catch {
      this.warn("[reading-tracker] discarding an unreadable progress queue");
      return [];
    }
  }

  private load(): QueueEntry[] {
    const stored = this.readStorage();
    if (stored === null) return this.memory;
    // While writes fail, what this tab queued exists only in memory: add it to what other tabs stored.
    return this.storageFailing ? mergeEntries(stored, this.memory) : stored;
  }

  private save(entries: QueueEntry[]): void {
    const kept = [...entries].sort((a, b) => a.updatedAt - b.updatedAt).slice(-this.maxEntries);
    this.memory = kept;
    if (!this.storage) return;
    try {
      if (kept.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify({ entries: kept }));
      this.storageFailing = false;
    } catch (error) {
      // Quota exceeded or storage disabled: the beats still go out from memory while this page lives.
      if (!this.storageFailing) this.warn("[reading-tracker] cannot save the progress queue", error);
      this.storageFailing = true;
    }
  }

  /** Adds a beat, merging it into the entry of the same page view. */
  put(beat: QueuedBeat, owner: string): void {
    const now = this.now();
    this.save(mergeEntries(this.load(), [{ beat, owner, queuedAt: now, updatedAt: now }]));
  }

  /** Entries waiting to be sent, oldest first; only `owner`'s when given. */
  list(owner?: string): QueueEntry[] {
    const entries = [...this.load()].sort((a, b) => a.updatedAt - b.updatedAt);
    return owner === undefined ? entries : entries.filter((entry) => entry.owner === owner);
  }

  /** Removes beats the server accepted, except entries that grew while the request was in flight. */
  removeSent(sent: QueuedBeat[]): void {
    const sentByKey = new Map(sent.map((beat) => [getBeatKey(beat), beat]));
    const now = this.now();
    const remaining: QueueEntry[] = [];
    for (const entry of this.load()) {
      const match = sentByKey.get(getBeatKey(entry.beat));
      if (!match) remaining.push(entry);
      // What was sent has arrived: only the part added since has been waiting, and only from now.
      else if (!isCoveredBy(entry.beat, match)) remaining.push({ ...entry, queuedAt: now });
    }
    this.save(remaining);
  }

  /** Removes beats the server refused for good (unknown section or version): they can never succeed. */
  drop(beats: QueuedBeat[]): void {
    const keys = new Set(beats.map(getBeatKey));
    this.save(this.load().filter((entry) => !keys.has(getBeatKey(entry.beat))));
  }
}
