import { describe, expect, it, vi } from "vitest";
import { BeatQueue, PROGRESS_QUEUE_KEY } from "@/lib/progress/tracker/queue";
import { createClock, makeBeat, MemoryStorage, paragraphId } from "./fakes";

const [P1, P2, P3] = [paragraphId(1), paragraphId(2), paragraphId(3)];

function createQueue(storage: MemoryStorage | null = new MemoryStorage(), maxEntries?: number) {
  const clock = createClock();
  const warn = vi.fn();
  const queue = new BeatQueue({ storage, now: clock.now, maxEntries, warn });
  return { queue, clock, storage, warn };
}

describe("merging beats of one page view", () => {
  it("keeps one entry per view with the union of paragraphs and the largest active time", () => {
    const { queue, clock } = createQueue();
    queue.put(makeBeat({ paragraphs: [P1, P2], activeSeconds: 40, clientTime: 100 }), "张三");
    clock.advance(30_000);
    queue.put(makeBeat({ paragraphs: [P2, P3], activeSeconds: 30, clientTime: 200 }), "张三");
    const entries = queue.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.beat).toEqual(makeBeat({ paragraphs: [P1, P2, P3], activeSeconds: 40, clientTime: 200 }));
  });

  it("takes the latest version and keeps when the entry started waiting", () => {
    const { queue, clock } = createQueue();
    const start = clock.now();
    queue.put(makeBeat({ version: "aaaaaaaaaaaa" }), "张三");
    clock.advance(5000);
    queue.put(makeBeat({ version: "bbbbbbbbbbbb" }), "张三");
    expect(queue.list()[0]?.beat.version).toBe("bbbbbbbbbbbb");
    expect(queue.list()[0]?.queuedAt).toBe(start);
    expect(queue.list()[0]?.updatedAt).toBe(start + 5000);
  });

  it("keeps different views, sections and materials apart", () => {
    const { queue } = createQueue();
    queue.put(makeBeat({ viewId: "view-aaaaaaaa" }), "张三");
    queue.put(makeBeat({ viewId: "view-bbbbbbbb" }), "张三");
    queue.put(makeBeat({ section: "part-1" }), "张三");
    queue.put(makeBeat({ material: "other" }), "张三");
    expect(queue.list()).toHaveLength(4);
  });

  it("lists a given owner's entries only", () => {
    const { queue } = createQueue();
    queue.put(makeBeat({ viewId: "view-aaaaaaaa" }), "张三");
    queue.put(makeBeat({ viewId: "view-bbbbbbbb" }), "李四");
    expect(queue.list("张三").map((e) => e.beat.viewId)).toEqual(["view-aaaaaaaa"]);
    expect(queue.list("")).toEqual([]);
  });
});

describe("persistence", () => {
  it("survives a reload: a new queue on the same storage sees earlier views", () => {
    const storage = new MemoryStorage();
    createQueue(storage).queue.put(makeBeat({ paragraphs: [P1], activeSeconds: 12 }), "张三");
    const reloaded = createQueue(storage).queue;
    expect(reloaded.list("张三").map((e) => e.beat)).toEqual([makeBeat({ paragraphs: [P1], activeSeconds: 12 })]);
    expect(storage.data.has(PROGRESS_QUEUE_KEY)).toBe(true);
  });

  it("sees what another tab queued in between", () => {
    const storage = new MemoryStorage();
    const tabA = createQueue(storage).queue;
    const tabB = createQueue(storage).queue;
    tabA.put(makeBeat({ viewId: "view-aaaaaaaa" }), "张三");
    tabB.put(makeBeat({ viewId: "view-bbbbbbbb" }), "张三");
    tabA.put(makeBeat({ viewId: "view-aaaaaaaa", activeSeconds: 5 }), "张三");
    expect(tabB.list()).toHaveLength(2);
  });

  it("starts afresh from corrupt JSON, with a warning, and overwrites it", () => {
    const storage = new MemoryStorage();
    storage.data.set(PROGRESS_QUEUE_KEY, "{not json");
    const { queue, warn } = createQueue(storage);
    expect(queue.list()).toEqual([]);
    expect(warn).toHaveBeenCalled();
    queue.put(makeBeat(), "张三");
    expect(JSON.parse(storage.data.get(PROGRESS_QUEUE_KEY) ?? "")).toMatchObject({ entries: [{ owner: "张三" }] });
  });

  it("keeps the usable entries of a partly damaged queue", () => {
    const storage = new MemoryStorage();
    const good = { beat: makeBeat(), owner: "张三", queuedAt: 1, updatedAt: 1 };
    const bad = [{ beat: { ...makeBeat(), paragraphs: "p-1" }, owner: "张三", queuedAt: 1, updatedAt: 1 }, null, 7, { owner: "x" }];
    storage.data.set(PROGRESS_QUEUE_KEY, JSON.stringify({ entries: [good, ...bad] }));
    expect(createQueue(storage).queue.list()).toEqual([good]);
    storage.data.set(PROGRESS_QUEUE_KEY, JSON.stringify([good]));
    expect(createQueue(storage).queue.list()).toEqual([]);
  });

  it("keeps beats in memory when storage is full, and saves them once it has room", () => {
    const storage = new MemoryStorage();
    const { queue, warn } = createQueue(storage);
    storage.failWrites = true;
    queue.put(makeBeat({ paragraphs: [P1] }), "张三");
    queue.put(makeBeat({ paragraphs: [P2] }), "张三");
    expect(queue.list().map((e) => e.beat.paragraphs)).toEqual([[P1, P2]]);
    expect(storage.data.size).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    storage.failWrites = false;
    queue.put(makeBeat({ viewId: "view-bbbbbbbb" }), "张三");
    expect(createQueue(storage).queue.list()).toHaveLength(2);
  });

  it("works from memory when storage cannot be read or does not exist", () => {
    const storage = new MemoryStorage();
    storage.failReads = true;
    const { queue } = createQueue(storage);
    queue.put(makeBeat({ paragraphs: [P1] }), "张三");
    expect(queue.list()).toHaveLength(1);
    const memoryOnly = createQueue(null).queue;
    memoryOnly.put(makeBeat(), "张三");
    memoryOnly.put(makeBeat({ viewId: "view-bbbbbbbb" }), "张三");
    expect(memoryOnly.list()).toHaveLength(2);
  });

  it("drops the oldest views beyond its bound", () => {
    const { queue, clock } = createQueue(new MemoryStorage(), 3);
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      queue.put(makeBeat({ viewId: `view-${i}aaaaaaa` }), "张三");
    }
    expect(queue.list().map((e) => e.beat.viewId)).toEqual(["view-2aaaaaaa", "view-3aaaaaaa", "view-4aaaaaaa"]);
  });

  it("has a default bound of 200 views", () => {
    const { queue, clock } = createQueue();
    for (let i = 0; i < 205; i++) {
      clock.advance(1000);
      queue.put(makeBeat({ viewId: `view-${String(i).padStart(8, "0")}` }), "张三");
    }
    expect(queue.list()).toHaveLength(200);
    expect(queue.list()[0]?.beat.viewId).toBe("view-00000005");
  });
});

describe("removal", () => {
  it("removes what the server accepted and keeps what grew while the request was in flight", () => {
    const { queue } = createQueue();
    queue.put(makeBeat({ viewId: "view-aaaaaaaa", paragraphs: [P1], activeSeconds: 30 }), "张三");
    queue.put(makeBeat({ viewId: "view-bbbbbbbb", paragraphs: [P1], activeSeconds: 30 }), "张三");
    const sent = queue.list().map((e) => e.beat);
    // While in flight, view a reads another paragraph; view b only re-queues what it had.
    queue.put(makeBeat({ viewId: "view-aaaaaaaa", paragraphs: [P2], activeSeconds: 30 }), "张三");
    queue.put(makeBeat({ viewId: "view-bbbbbbbb", paragraphs: [P1], activeSeconds: 30 }), "张三");
    queue.removeSent(sent);
    expect(queue.list().map((e) => e.beat)).toEqual([makeBeat({ viewId: "view-aaaaaaaa", paragraphs: [P1, P2], activeSeconds: 30 })]);
  });

  it("keeps an entry whose active time grew while in flight", () => {
    const { queue } = createQueue();
    queue.put(makeBeat({ activeSeconds: 30 }), "张三");
    const sent = queue.list().map((e) => e.beat);
    queue.put(makeBeat({ activeSeconds: 31 }), "张三");
    queue.removeSent(sent);
    expect(queue.list().map((e) => e.beat.activeSeconds)).toEqual([31]);
    queue.removeSent(queue.list().map((e) => e.beat));
    expect(queue.list()).toEqual([]);
  });

  it("drops refused beats whatever they hold, and leaves the others", () => {
    const { queue, storage } = createQueue();
    queue.put(makeBeat({ viewId: "view-aaaaaaaa", activeSeconds: 50 }), "张三");
    queue.put(makeBeat({ viewId: "view-bbbbbbbb" }), "张三");
    queue.drop([makeBeat({ viewId: "view-aaaaaaaa" })]);
    expect(queue.list().map((e) => e.beat.viewId)).toEqual(["view-bbbbbbbb"]);
    queue.drop([makeBeat({ viewId: "view-bbbbbbbb" })]);
    expect(storage?.data.has(PROGRESS_QUEUE_KEY)).toBe(false);
  });
});
