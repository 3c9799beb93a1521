/**
 * Reading request bodies in route handlers: every handler that takes a body reads it here, so that
 * none holds more than its limit in memory whatever the client claims. `request.text()` and
 * `request.formData()` read the whole body before anyone can look at its size, and `Content-Length`
 * is only the client's word (a chunked body has none): here the bytes are counted as they arrive and
 * reading stops at the first byte over the limit.
 */
import "server-only";
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE } from "../schemas/text";

const NO_STORE = { "Cache-Control": "no-store" };

/** A refusal in the shape of every other JSON refusal: `message` is shown to the user. */
export function refuse(status: number, error: string, message: string): Response {
  return Response.json({ ok: false, error, message }, { status, headers: NO_STORE });
}

/** Messages of the refusals below; each route says what its body is ("记录", "内容", "文件"). */
export type BodyMessages = { tooLarge: string; invalid?: string };

/**
 * The body's bytes, or null when more than `limit` bytes arrive. Stops reading at the limit, so at
 * most `limit` bytes (plus one network chunk) are ever held; the caller answers 413.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  // Content-Length is not looked at: what counts is what arrives. (Refusing a long declared body
  // without reading any of it left the connection open, unread, until Node's request timeout.)
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop pulling and leave the rest unread: backpressure stalls the sender, and Node closes the
      // connection after the 413 (at once for `Connection: close`, else at its keep-alive timeout).
      // Cancelling would destroy the socket at once, often before the 413 is out (seen with next start).
      reader.releaseLock();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Decodes UTF-8, throwing on invalid bytes; decode() without `stream` keeps no state, so one serves every call. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });
/** A JSON escape of a UTF-16 surrogate (\uD800–\uDFFF), in either case. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** A refusal before it becomes a Response: what refuse() answers with. */
export type BodyRefusal = { status: number; error: string; message: string };

/**
 * The parsed JSON of a body read by readBodyBytes (or the portal server's lean routes,
 * lib/server/lean-routes.ts), not yet validated, or the refusal: 413 when the body was over its
 * limit (`bytes` null), 400 for bytes that are not UTF-8 JSON, 400 for a string (or key) with an
 * unpaired surrogate (lib/schemas/text.ts). Every JSON body the portal accepts passes through here,
 * so every JSON text field (notes, 心得, …) is checked, whatever its schema.
 */
export function parseJsonBody(bytes: Uint8Array | null, messages: BodyMessages): { json: unknown } | BodyRefusal {
  if (!bytes) return { status: 413, error: "too_large", message: messages.tooLarge };
  const invalid: BodyRefusal = { status: 400, error: "invalid_json", message: messages.invalid ?? "格式无效" };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return invalid;
  }
  let loneSurrogate = false;
  let json: unknown;
  try {
    // Strict UTF-8 decoding never yields a surrogate, so only a \uD800–\uDFFF escape can make one:
    // without such an escape (nearly every body, every beat) the text is parsed without the checking
    // reviver, which costs several times the parse.
    json = !SURROGATE_ESCAPE.test(text)
      ? JSON.parse(text)
      : JSON.parse(text, (key, value: unknown) => {
          if (hasLoneSurrogate(key) || (typeof value === "string" && hasLoneSurrogate(value))) loneSurrogate = true;
          return value;
        });
  } catch {
    return invalid;
  }
  if (loneSurrogate) return { status: 400, error: "invalid_text", message: LONE_SURROGATE_MESSAGE };
  return { json };
}

/** The parsed JSON body of a route handler's request (readBodyBytes, then parseJsonBody), or the refusal to answer with. */
export async function readJsonBody(request: Request, limit: number, messages: BodyMessages): Promise<{ json: unknown } | Response> {
  const parsed = parseJsonBody(await readBodyBytes(request, limit), messages);
  return "json" in parsed ? parsed : refuse(parsed.status, parsed.error, parsed.message);
}
