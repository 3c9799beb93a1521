/**
 * The reading beat as the browser keeps and sends it. It mirrors `beatSchema` in
 * lib/schemas/progress.ts by hand (a test checks that every beat we build passes that schema), because
 * zod in the client bundle would cost more than the whole tracker.
 */
export type QueuedBeat = {
  material: string;
  section: string;
  /** Content version the page was rendered from. */
  version: string;
  /** Random id of one page view; activeSeconds is cumulative within it. */
  viewId: string;
  /** Every paragraph read in this view so far (the server takes the union). */
  paragraphs: string[];
  /** Whole seconds of active reading in this view so far. */
  activeSeconds: number;
  /** Date.now() when the beat was last updated; informational for the server. */
  clientTime?: number;
};

/** The queue key of a beat: all beats of one page view merge into one entry. */
export function getBeatKey(beat: Pick<QueuedBeat, "material" | "section" | "viewId">): string {
  return `${beat.material}/${beat.section}/${beat.viewId}`;
}

/**
 * Merges two beats of the same view. Both carry cumulative counts, so the union of paragraphs and the
 * larger active time lose nothing, and sending the result once is exactly as good as sending both.
 */
export function mergeBeats(older: QueuedBeat, newer: QueuedBeat): QueuedBeat {
  const paragraphs = [...new Set([...older.paragraphs, ...newer.paragraphs])];
  const clientTime = Math.max(older.clientTime ?? 0, newer.clientTime ?? 0);
  return {
    material: newer.material,
    section: newer.section,
    version: newer.version,
    viewId: newer.viewId,
    paragraphs,
    activeSeconds: Math.max(older.activeSeconds, newer.activeSeconds),
    ...(clientTime > 0 ? { clientTime } : {}),
  };
}

/**
 * Whether `sent` already carries everything `stored` says, so that removing `stored` after `sent`
 * was accepted loses nothing (a beat merged in while the request was in flight is newer and stays).
 */
export function isCoveredBy(stored: QueuedBeat, sent: QueuedBeat): boolean {
  if (stored.version !== sent.version || stored.activeSeconds > sent.activeSeconds) return false;
  const sentIds = new Set(sent.paragraphs);
  return stored.paragraphs.every((id) => sentIds.has(id));
}

/** Shape check for beats read back from localStorage, which any script or older release may have written. */
export function isQueuedBeat(value: unknown): value is QueuedBeat {
  if (typeof value !== "object" || value === null) return false;
  const beat = value as Record<string, unknown>;
  return (
    typeof beat.material === "string" &&
    typeof beat.section === "string" &&
    typeof beat.version === "string" &&
    typeof beat.viewId === "string" &&
    Array.isArray(beat.paragraphs) &&
    beat.paragraphs.every((id) => typeof id === "string") &&
    Number.isInteger(beat.activeSeconds) &&
    (beat.activeSeconds as number) >= 0 &&
    (beat.clientTime === undefined || Number.isInteger(beat.clientTime))
  );
}

/**
 * A fresh page-view id: 12 random bytes as 16 base64url characters (matches the server's
 * /^[A-Za-z0-9_-]{8,64}$/). `fillRandom` is crypto.getRandomValues in the browser.
 */
export function createViewId(fillRandom: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = fillRandom(new Uint8Array(12));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_");
}
