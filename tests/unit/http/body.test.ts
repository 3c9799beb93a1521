import { describe, expect, it } from "vitest";
import { readBodyBytes, readJsonBody } from "@/lib/http/body";
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE } from "@/lib/schemas/text";

const URL_ = "http://portal.test/api/x";

/** An endless body of `chunkSize`-byte chunks that records how much was pulled from it. */
function endlessBody(chunkSize: number) {
  const seen = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled += chunkSize;
      controller.enqueue(new Uint8Array(chunkSize).fill(0x61));
    },
  });
  return { stream, seen };
}

/** How much was pulled once the stream has had time to pull more (it must not: nobody reads it). */
async function settledPull(seen: { pulled: number }): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  return seen.pulled;
}

function post(body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(URL_, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("readBodyBytes", () => {
  it("returns a body of exactly the limit and refuses one byte more", async () => {
    const atLimit = await readBodyBytes(post(new Uint8Array(1000).fill(1)), 1000);
    expect(atLimit?.byteLength).toBe(1000);
    expect(await readBodyBytes(post(new Uint8Array(1001).fill(1)), 1000)).toBeNull();
  });

  it("keeps the bytes of a body sent in many chunks, in order", async () => {
    const parts = ["学习", "园地", "-", "abc"].map((part) => new TextEncoder().encode(part));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const bytes = await readBodyBytes(post(stream), 100);
    expect(new TextDecoder().decode(bytes!)).toBe("学习园地-abc");
  });

  it("stops reading a chunked body at the limit", async () => {
    const { stream, seen } = endlessBody(64 * 1024);
    expect(await readBodyBytes(post(stream), 256 * 1024)).toBeNull();
    // The limit plus the chunk that crossed it, and whatever the stream queued ahead: nowhere near endless.
    expect(await settledPull(seen)).toBeLessThanOrEqual(512 * 1024);
  });

  it("counts the bytes sent, not the Content-Length the client declared", async () => {
    const { stream, seen } = endlessBody(64 * 1024);
    expect(await readBodyBytes(post(stream, { "content-length": "10" }), 100_000)).toBeNull();
    expect(await settledPull(seen)).toBeLessThanOrEqual(512 * 1024);
  });

  it("refuses a body whose declared length is over the limit after reading no more than the limit", async () => {
    const { stream, seen } = endlessBody(64 * 1024);
    expect(await readBodyBytes(post(stream, { "content-length": String(10 * 1024 * 1024) }), 256 * 1024)).toBeNull();
    expect(await settledPull(seen)).toBeLessThanOrEqual(512 * 1024);
  });

  it("returns an empty body for a request without one", async () => {
    expect((await readBodyBytes(new Request(URL_, { method: "POST" }), 10))?.byteLength).toBe(0);
  });
});

describe("readJsonBody", () => {
  const messages = { tooLarge: "记录过大", invalid: "记录格式无效" };

  it("parses a JSON body within the limit", async () => {
    expect(await readJsonBody(post(JSON.stringify({ body: "心得 😀" })), 1000, messages)).toEqual({ json: { body: "心得 😀" } });
  });

  it("answers 413 in the shape of every other refusal, with the route's Chinese message", async () => {
    const { stream } = endlessBody(64 * 1024);
    const refused = await readJsonBody(post(stream), 128 * 1024, messages);
    expect(refused).toBeInstanceOf(Response);
    const response = refused as Response;
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: "too_large", message: "记录过大" });
  });

  it("answers 400 for a body that is not JSON or not UTF-8", async () => {
    for (const body of ["{", new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])]) {
      const response = (await readJsonBody(post(body), 1000, messages)) as Response;
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ ok: false, error: "invalid_json", message: "记录格式无效" });
    }
  });

  it("refuses an unpaired surrogate in any string or key with a 400 that says what to do", async () => {
    const bodies = [
      '{"body":"a\\udc00"}', '{"body":"\\ud83d"}', '{"list":["ok","x\\ud800y"]}', '{"k\\udfff":1}', '{"a":{"b":"\\udc00\\ud800"}}',
      // Upper-case hex, and after an escaped backslash that is not itself an escape of a surrogate.
      '{"body":"\\uD800"}', '{"body":"\\\\\\uDBFF"}',
    ];
    for (const body of bodies) {
      const response = (await readJsonBody(post(body), 1000, messages)) as Response;
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual({ ok: false, error: "invalid_text", message: LONE_SURROGATE_MESSAGE });
    }
    // A proper pair written as escapes is an ordinary character.
    expect(await readJsonBody(post('{"body":"\\ud83d\\ude00"}'), 1000, messages)).toEqual({ json: { body: "😀" } });
    // Text that only looks like such an escape (a backslash written as \\\\) is kept as it is.
    expect(await readJsonBody(post('{"body":"\\\\ud800"}'), 1000, messages)).toEqual({ json: { body: "\\ud800" } });
    expect(await readJsonBody(post('{"body":"学习 😀"}'), 1000, messages)).toEqual({ json: { body: "学习 😀" } });
  });
});

describe("hasLoneSurrogate", () => {
  it("finds unpaired halves only", () => {
    expect(hasLoneSurrogate("a\udc00")).toBe(true);
    expect(hasLoneSurrogate("\ud83d")).toBe(true);
    expect(hasLoneSurrogate("\ude00\ud83d")).toBe(true);
    expect(hasLoneSurrogate("😀 学习 \u{10ffff}")).toBe(false);
    expect(hasLoneSurrogate("")).toBe(false);
  });
});
