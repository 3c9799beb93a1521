import { describe, expect, it, vi } from "vitest";
import { beatBodySchema } from "@/lib/schemas/progress";
import type { QueuedBeat } from "@/lib/progress/tracker/beat";
import { BeatQueue } from "@/lib/progress/tracker/queue";
import { BeatSender, getRetryDelayMs, getTroubleMessage, MAX_BODY_BYTES, toBatches } from "@/lib/progress/tracker/sender";
import { createClock, makeBeat, MemoryStorage, paragraphId } from "./fakes";

type Reply = number | "network-error" | Promise<number> | { status: number; body: unknown };

/** A sender over an in-memory queue, a scripted fetch and a manual timer list. */
function setup(options: { replies?: Reply[]; online?: boolean; owner?: string } = {}) {
  const clock = createClock();
  const storage = new MemoryStorage();
  const queue = new BeatQueue({ storage, now: clock.now });
  const replies = [...(options.replies ?? [])];
  const requests: Array<{ url: string; init: RequestInit; beats: QueuedBeat[] }> = [];
  const timers: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  const warn = vi.fn();
  const beacons: Blob[] = [];
  let online = options.online ?? true;
  let beaconWorks: boolean | "throws" = true;
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    requests.push({ url, init, beats: (JSON.parse(String(init.body)) as { beats: QueuedBeat[] }).beats });
    const reply = replies.shift() ?? 200;
    if (reply === "network-error") throw new TypeError("Failed to fetch");
    if (typeof reply === "object" && "status" in reply) return { status: reply.status, json: async () => reply.body };
    const status = await reply;
    return { status, json: async () => ({ ok: status === 200, error: "unknown_version", message: "页面版本已过期" }) };
  });
  const sender = new BeatSender({
    queue,
    owner: options.owner ?? "张三",
    fetch,
    sendBeacon: (_url, data) => {
      if (beaconWorks === "throws") throw new TypeError("sendBeacon() with a Blob whose type is not allowed");
      if (beaconWorks) beacons.push(data);
      return beaconWorks;
    },
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
    now: clock.now,
    random: () => 0.5,
    isOnline: () => online,
    warn,
  });
  const pendingTimers = () => timers.filter((t) => !t.cleared);
  /** Fires the one scheduled retry, as the browser would after its delay. */
  const fireRetry = async () => {
    const [timer] = pendingTimers();
    if (!timer) throw new Error("no retry scheduled");
    timer.cleared = true;
    clock.advance(timer.ms);
    timer.run();
    await vi.waitFor(() => expect(sender["running"]).toBeNull());
  };
  return {
    sender, queue, fetch, requests, timers, pendingTimers, fireRetry, warn, beacons, clock, storage,
    setOnline: (value: boolean) => (online = value),
    setBeacon: (value: boolean | "throws") => (beaconWorks = value),
    put: (beat: QueuedBeat, owner = "张三") => queue.put(beat, owner),
  };
}

const P = Array.from({ length: 5 }, (_, i) => paragraphId(i + 1));

describe("sending queued beats", () => {
  it("posts them as { beats } that the server's schema accepts, with the required request options", async () => {
    const t = setup();
    t.put(makeBeat({ viewId: "view-aaaaaaaa", paragraphs: [P[0]!], activeSeconds: 30, clientTime: 1_700_000_000_000 }));
    t.put(makeBeat({ viewId: "view-bbbbbbbb", paragraphs: [P[1]!], activeSeconds: 5 }));
    await t.sender.flush();
    expect(t.fetch).toHaveBeenCalledTimes(1);
    const [request] = t.requests;
    expect(request?.url).toBe("/api/progress");
    expect(request?.init).toMatchObject({ method: "POST", credentials: "same-origin", keepalive: true, headers: { "content-type": "application/json" } });
    expect(beatBodySchema.safeParse(JSON.parse(String(request?.init.body))).success).toBe(true);
    expect(request?.beats.map((b) => b.viewId)).toEqual(["view-aaaaaaaa", "view-bbbbbbbb"]);
    expect(t.queue.list()).toEqual([]);
    expect(t.sender.getStatus()).toEqual({ state: "ok" });
  });

  it("sends nothing when nothing is queued", async () => {
    const t = setup();
    await t.sender.flush();
    expect(t.fetch).not.toHaveBeenCalled();
  });

  it("removes only what was sent: beats merged in while the request was in flight survive", async () => {
    let answer: (status: number) => void = () => {};
    const t = setup({ replies: [new Promise<number>((resolve) => (answer = resolve))] });
    t.put(makeBeat({ viewId: "view-aaaaaaaa", paragraphs: [P[0]!], activeSeconds: 30 }));
    t.put(makeBeat({ viewId: "view-bbbbbbbb", paragraphs: [P[0]!], activeSeconds: 30 }));
    const flushing = t.sender.flush();
    t.put(makeBeat({ viewId: "view-aaaaaaaa", paragraphs: [P[1]!], activeSeconds: 60 }));
    t.put(makeBeat({ viewId: "view-cccccccc", paragraphs: [P[2]!] }));
    answer(200);
    await flushing;
    expect(t.queue.list().map((e) => e.beat)).toEqual([
      makeBeat({ viewId: "view-aaaaaaaa", paragraphs: [P[0]!, P[1]!], activeSeconds: 60 }),
      makeBeat({ viewId: "view-cccccccc", paragraphs: [P[2]!] }),
    ]);
  });

  it("sends only the signed-in owner's beats", async () => {
    const t = setup({ owner: "张三" });
    t.put(makeBeat({ viewId: "view-aaaaaaaa" }), "张三");
    t.put(makeBeat({ viewId: "view-bbbbbbbb" }), "李四");
    await t.sender.flush();
    expect(t.requests.flatMap((r) => r.beats.map((b) => b.viewId))).toEqual(["view-aaaaaaaa"]);
    expect(t.queue.list().map((e) => e.owner)).toEqual(["李四"]);
  });

  it("splits the queue into requests of at most 50 beats", async () => {
    const t = setup();
    for (let i = 0; i < 120; i++) t.put(makeBeat({ viewId: `view-${String(i).padStart(8, "0")}` }));
    await t.sender.flush();
    expect(t.requests.map((r) => r.beats.length)).toEqual([50, 50, 20]);
    expect(t.queue.list()).toEqual([]);
  });

  it("keeps every request body under the keepalive limit", () => {
    const many = Array.from({ length: 600 }, (_, i) => paragraphId(i));
    const beats = Array.from({ length: 10 }, (_, i) => makeBeat({ viewId: `view-${i}aaaaaaa`, paragraphs: many }));
    const batches = toBatches(beats);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(beats);
    for (const batch of batches) expect(JSON.stringify({ beats: batch }).length).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });
});

describe("failures", () => {
  it("keeps beats on a network error and retries with growing delays, capped at 5 minutes", async () => {
    const t = setup({ replies: Array.from({ length: 12 }, () => "network-error" as const) });
    t.put(makeBeat({ paragraphs: [P[0]!] }));
    await t.sender.flush();
    for (let i = 0; i < 11; i++) await t.fireRetry();
    expect(t.fetch).toHaveBeenCalledTimes(12);
    expect(t.timers.map((timer) => timer.ms)).toEqual([2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000, 300_000]);
    expect(t.queue.list()).toHaveLength(1);
    expect(t.sender.getStatus()).toMatchObject({ state: "retrying" });
    await t.fireRetry(); // the 13th attempt gets the default 200
    expect(t.queue.list()).toEqual([]);
    expect(t.sender.getStatus()).toEqual({ state: "ok" });
    expect(t.pendingTimers()).toEqual([]);
  });

  it("jitters the delay by at most a fifth either way", () => {
    expect(getRetryDelayMs(1, 0)).toBe(1600);
    expect(getRetryDelayMs(1, 1)).toBe(2400);
    expect(getRetryDelayMs(3, 0.5)).toBe(8000);
    expect(getRetryDelayMs(30, 1)).toBe(300_000);
  });

  it.each([500, 502, 503, 429, 408])("treats %i as temporary", async (status) => {
    const t = setup({ replies: [status] });
    t.put(makeBeat());
    await t.sender.flush();
    expect(t.queue.list()).toHaveLength(1);
    expect(t.pendingTimers()).toHaveLength(1);
  });

  it("does not send again while a retry is scheduled, and sends what was merged meanwhile on the retry", async () => {
    const t = setup({ replies: [503] });
    t.put(makeBeat({ paragraphs: [P[0]!] }));
    await t.sender.flush();
    t.put(makeBeat({ paragraphs: [P[1]!] }));
    await t.sender.flush();
    expect(t.fetch).toHaveBeenCalledTimes(1);
    await t.fireRetry();
    expect(t.requests[1]?.beats).toEqual([makeBeat({ paragraphs: [P[0]!, P[1]!] })]);
    expect(t.queue.list()).toEqual([]);
  });

  it("stops on 401 and keeps the queue until the reader may have signed in again", async () => {
    const t = setup({ replies: [401] });
    t.put(makeBeat());
    await t.sender.flush();
    expect(t.sender.getStatus()).toMatchObject({ state: "signed-out" });
    expect(t.pendingTimers()).toEqual([]);
    await t.sender.flush();
    expect(t.sender.beacon([makeBeat()])).toBe(false);
    expect(t.fetch).toHaveBeenCalledTimes(1);
    expect(t.queue.list()).toHaveLength(1);
    await t.sender.retryNow(); // the tab is shown again, perhaps after signing in elsewhere
    expect(t.fetch).toHaveBeenCalledTimes(2);
    expect(t.queue.list()).toEqual([]);
  });

  it("treats 403 (password change required) like 401", async () => {
    const t = setup({ replies: [403] });
    t.put(makeBeat());
    await t.sender.flush();
    expect(t.sender.getStatus()).toMatchObject({ state: "signed-out" });
    expect(t.queue.list()).toHaveLength(1);
  });

  it("drops a beat the server refuses with 422 and warns", async () => {
    const t = setup({ replies: [422] });
    t.put(makeBeat());
    await t.sender.flush();
    expect(t.queue.list()).toEqual([]);
    expect(t.warn).toHaveBeenCalledWith(expect.stringContaining("refused"), 422, "unknown_version", "页面版本已过期", makeBeat());
    expect(t.pendingTimers()).toEqual([]);
  });

  it("isolates a refused beat in a batch by sending the batch one by one", async () => {
    // The batch is refused; then a (accepted), b (refused), c (accepted).
    const t = setup({ replies: [422, 200, 404, 200] });
    for (const id of ["view-aaaaaaaa", "view-bbbbbbbb", "view-cccccccc"]) t.put(makeBeat({ viewId: id }));
    await t.sender.flush();
    expect(t.requests.map((r) => r.beats.map((b) => b.viewId[5]).join(""))).toEqual(["abc", "a", "b", "c"]);
    expect(t.queue.list()).toEqual([]);
    expect(t.warn).toHaveBeenCalledTimes(1);
  });

  it("drops only the beats a batch answer names as refused, in one request", async () => {
    const refused = { status: 422, body: { ok: false, error: "unknown_version", message: "页面版本已过期", recorded: 2, refused: [{ index: 1, error: "unknown_version" }] } };
    const t = setup({ replies: [refused] });
    for (const id of ["view-aaaaaaaa", "view-bbbbbbbb", "view-cccccccc"]) t.put(makeBeat({ viewId: id }));
    await t.sender.flush();
    expect(t.requests).toHaveLength(1);
    expect(t.queue.list()).toEqual([]);
    expect(t.warn).toHaveBeenCalledTimes(1);
    expect(t.warn.mock.calls[0]?.[4]).toMatchObject({ viewId: "view-bbbbbbbb" });
    expect(t.sender.getStatus()).toEqual({ state: "ok" });
  });

  it("falls back to one by one when a refusal names an index outside the batch", async () => {
    const odd = { status: 422, body: { ok: false, refused: [{ index: 7 }] } };
    const t = setup({ replies: [odd, 200, 200] });
    for (const id of ["view-aaaaaaaa", "view-bbbbbbbb"]) t.put(makeBeat({ viewId: id }));
    await t.sender.flush();
    expect(t.requests.map((r) => r.beats.length)).toEqual([2, 1, 1]);
    expect(t.queue.list()).toEqual([]);
  });

  it("waits for the connection while offline and retries at once when it is back", async () => {
    const t = setup({ online: false });
    t.put(makeBeat());
    await t.sender.flush();
    expect(t.fetch).not.toHaveBeenCalled();
    expect(t.pendingTimers()).toHaveLength(1);
    t.setOnline(true);
    await t.sender.retryNow(); // the `online` event
    expect(t.fetch).toHaveBeenCalledTimes(1);
    expect(t.pendingTimers()).toEqual([]);
    expect(t.queue.list()).toEqual([]);
  });

  it("schedules nothing while suspended (hidden tab) or after dispose, and retries on resume", async () => {
    const t = setup({ replies: ["network-error", "network-error"] });
    t.put(makeBeat());
    await t.sender.flush();
    expect(t.pendingTimers()).toHaveLength(1);
    t.sender.suspend();
    expect(t.pendingTimers()).toEqual([]);
    await t.sender.flush();
    expect(t.fetch).toHaveBeenCalledTimes(1);
    await t.sender.resume();
    expect(t.fetch).toHaveBeenCalledTimes(2);
    t.sender.dispose();
    expect(t.pendingTimers()).toEqual([]);
    await t.sender.flush();
    expect(t.fetch).toHaveBeenCalledTimes(2);
    expect(t.queue.list()).toHaveLength(1);
  });
});

describe("beacon on pagehide", () => {
  it("sends the beats as a JSON blob and keeps them queued", async () => {
    const t = setup();
    const beat = makeBeat({ paragraphs: [P[0]!], activeSeconds: 12 });
    t.put(beat);
    expect(t.sender.beacon([beat])).toBe(true);
    expect(t.beacons[0]?.type).toBe("application/json");
    expect(JSON.parse(await t.beacons[0]!.text())).toEqual({ beats: [beat] });
    expect(t.fetch).not.toHaveBeenCalled();
    expect(t.queue.list()).toHaveLength(1);
  });

  it("falls back to a keepalive fetch when sendBeacon refuses or throws", () => {
    for (const mode of [false, "throws"] as const) {
      const t = setup({ replies: ["network-error"] });
      t.setBeacon(mode);
      expect(t.sender.beacon([makeBeat()])).toBe(false);
      expect(t.requests[0]?.init).toMatchObject({ keepalive: true, method: "POST" });
    }
  });
});

describe("status line", () => {
  const now = 1_000_000;
  it("stays quiet for short outages and speaks after a minute", () => {
    const retrying = { state: "retrying", since: now - 59_000 } as const;
    expect(getTroubleMessage({ status: retrying, owner: "张三", hasQueued: true, now })).toBe("");
    expect(getTroubleMessage({ status: retrying, owner: "张三", hasQueued: true, now: now + 1000 })).toContain("网络连接不稳定");
    expect(getTroubleMessage({ status: retrying, owner: "张三", hasQueued: false, now: now + 1000 })).toBe("");
    expect(getTroubleMessage({ status: { state: "ok" }, owner: "张三", hasQueued: true, now })).toBe("");
  });

  it("asks a signed-in reader whose session ended to sign in again, and says nothing to anonymous readers", () => {
    const signedOut = { state: "signed-out", since: now } as const;
    expect(getTroubleMessage({ status: signedOut, owner: "张三", hasQueued: true, now })).toContain("重新登录");
    expect(getTroubleMessage({ status: signedOut, owner: "", hasQueued: true, now })).toBe("");
  });
});
