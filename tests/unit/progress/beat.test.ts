import { randomFillSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { beatSchema, type Beat } from "@/lib/schemas/progress";
import { createViewId, isCoveredBy, isQueuedBeat, mergeBeats, type QueuedBeat } from "@/lib/progress/tracker/beat";
import { makeBeat, paragraphId } from "./fakes";

const [P1, P2, P3] = [paragraphId(1), paragraphId(2), paragraphId(3)];

describe("page view ids", () => {
  it("are 16 base64url characters the server accepts, and differ per view", () => {
    const ids = Array.from({ length: 200 }, () => createViewId((bytes) => randomFillSync(bytes)));
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(beatSchema.safeParse({ ...makeBeat(), viewId: id }).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Bytes that base64 would turn into + and / come out url-safe.
    expect(createViewId((bytes) => bytes.fill(0xfb))).toBe("-_v7-_v7-_v7-_v7");
  });
});

describe("the client beat matches the server's", () => {
  it("is assignable both ways (checked by tsc) and passes the schema", () => {
    const queued: QueuedBeat = makeBeat({ paragraphs: [P1], activeSeconds: 3, clientTime: Date.now() });
    const asServer: Beat = queued;
    const back: QueuedBeat = asServer;
    expect(beatSchema.safeParse(back).success).toBe(true);
  });
});

describe("merging", () => {
  it("unions paragraphs in first-read order and keeps the larger counts", () => {
    const merged = mergeBeats(makeBeat({ paragraphs: [P2, P1], activeSeconds: 50, clientTime: 9 }), makeBeat({ paragraphs: [P1, P3], activeSeconds: 20 }));
    expect(merged).toEqual(makeBeat({ paragraphs: [P2, P1, P3], activeSeconds: 50, clientTime: 9 }));
    expect(mergeBeats(makeBeat(), makeBeat())).not.toHaveProperty("clientTime");
  });

  it("knows when a sent beat covers a stored one", () => {
    const sent = makeBeat({ paragraphs: [P1, P2], activeSeconds: 30 });
    expect(isCoveredBy(makeBeat({ paragraphs: [P2], activeSeconds: 30 }), sent)).toBe(true);
    expect(isCoveredBy(makeBeat({ paragraphs: [P3], activeSeconds: 30 }), sent)).toBe(false);
    expect(isCoveredBy(makeBeat({ paragraphs: [P1], activeSeconds: 31 }), sent)).toBe(false);
    expect(isCoveredBy(makeBeat({ paragraphs: [P1], version: "ffffffffffff" }), sent)).toBe(false);
  });

  it("recognises beats read back from storage and rejects damaged ones", () => {
    expect(isQueuedBeat(makeBeat())).toBe(true);
    expect(isQueuedBeat({ ...makeBeat(), activeSeconds: -1 })).toBe(false);
    expect(isQueuedBeat({ ...makeBeat(), activeSeconds: 1.5 })).toBe(false);
    expect(isQueuedBeat({ ...makeBeat(), paragraphs: [1] })).toBe(false);
    expect(isQueuedBeat({ ...makeBeat(), viewId: undefined })).toBe(false);
    expect(isQueuedBeat(null)).toBe(false);
  });
});
