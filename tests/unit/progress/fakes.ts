import type { QueuedBeat } from "@/lib/progress/tracker/beat";
import type { StorageLike } from "@/lib/progress/tracker/queue";

/** An in-memory localStorage that can be told to refuse writes (a full quota) or reads. */
export class MemoryStorage implements StorageLike {
  readonly data = new Map<string, string>();
  failWrites = false;
  failReads = false;
  writes = 0;

  getItem(key: string): string | null {
    if (this.failReads) throw new DOMException("The operation is insecure.", "SecurityError");
    return this.data.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    if (this.failWrites) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    this.writes += 1;
    this.data.set(key, value);
  }

  removeItem(key: string): void {
    this.data.delete(key);
  }
}

/** A settable clock. */
export function createClock(start = 1_700_000_000_000) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/** A valid beat for the seeded test section; override what a test cares about. */
export function makeBeat(overrides: Partial<QueuedBeat> = {}): QueuedBeat {
  return {
    material: "deep-poverty-speech",
    section: "intro",
    version: "0123456789ab",
    viewId: "view-aaaaaaaa",
    paragraphs: [],
    activeSeconds: 0,
    ...overrides,
  };
}

/** Paragraph ids in the server's format (p- and ten hex digits). */
export function paragraphId(n: number): string {
  return `p-${n.toString(16).padStart(10, "0")}`;
}
