import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { pickTrustedForwardedValue } from "../security/forwarded";
import { isOriginOfHost } from "../security/origin";

/**
 * Makes the X-Forwarded-* headers say what this process and the trusted proxies saw, before Next
 * or the app read them:
 * - X-Forwarded-For gets the socket's peer address appended, as nginx's `$proxy_add_x_forwarded_for`
 *   does, so its rightmost entry is always the real peer and TRUSTED_PROXY_HOPS counts from there
 *   (lib/request-meta.ts). Next itself only fills the header in when it is missing, which let a
 *   client choose its own address.
 * - X-Forwarded-Proto and X-Forwarded-Host become the one value the trusted hops vouch for
 *   (lib/security/forwarded.ts): with no trusted proxy, this socket's scheme and the Host header,
 *   whatever the client sent. X-Forwarded-Port is dropped then; Next fills in the listening port.
 */
export function trustForwardedHeaders(request: IncomingMessage, trustedProxyHops: number): void {
  const headers = request.headers;
  const peer = request.socket.remoteAddress ?? "unknown";
  const forwardedFor = headers["x-forwarded-for"];
  headers["x-forwarded-for"] = forwardedFor ? `${forwardedFor}, ${peer}` : peer;
  const ownProto = (request.socket as TLSSocket).encrypted ? "https" : "http";
  headers["x-forwarded-proto"] = pickTrustedForwardedValue(headers["x-forwarded-proto"], ownProto, trustedProxyHops);
  const host = pickTrustedForwardedValue(headers["x-forwarded-host"], headers.host ?? "", trustedProxyHops);
  if (host) headers["x-forwarded-host"] = host;
  else delete headers["x-forwarded-host"];
  if (trustedProxyHops === 0) delete headers["x-forwarded-port"];
}

/** The content types a browser form can post: what Next treats as a possible no-JavaScript server action. */
const FORM_CONTENT_TYPE = /^(?:multipart\/form-data|application\/x-www-form-urlencoded)/i;

/**
 * Whether a request is a server action (a POST with a `Next-Action` header, or a form posted to a
 * page) sent from another site: its Origin names another host than the one it was addressed to
 * (after trustForwardedHeaders). Next refuses those too, but as a 500 "Invalid Server Actions
 * request". Route handlers under /api/ check the origin themselves. A POST without Origin is left to
 * Next, which lets it through as browsers always send Origin on POST (a hand-made request carries
 * no victim's cookies).
 */
export function isCrossSiteAction(request: IncomingMessage): boolean {
  if (request.method !== "POST") return false;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  const isAction =
    request.headers["next-action"] !== undefined ||
    (!request.url?.startsWith("/api/") && FORM_CONTENT_TYPE.test(request.headers["content-type"] ?? ""));
  const host = request.headers["x-forwarded-host"];
  return isAction && !isOriginOfHost(origin, typeof host === "string" ? host : undefined);
}

/**
 * Largest body a page accepts: server actions and form posts (serverActions.bodySizeLimit's default
 * in next.config.ts, and proxyClientMaxBodySize). Route handlers under /api/ count their own bodies
 * against their own limits (lib/http/body.ts).
 */
export const PAGE_BODY_LIMIT_BYTES = 1024 * 1024;

export type Refusal = { status: number; error: string; message: string };

const CROSS_SITE: Refusal = { status: 403, error: "cross_origin", message: "请求来源无效，请从本站页面提交" };

/**
 * Refuses a body sent to a page (a server action or a form post) that could exceed the page limit,
 * before Next reads any of it. Next counts an action's bytes itself, but answers the excess with a
 * 500 after reading the whole upload; a Content-Length over the limit is refused here with 413, and a
 * chunked body with no length, which no browser sends to a page, with 411 (it cannot be bounded
 * without reading it). Node's parser holds a body to its declared length.
 */
export function checkPageBody(request: IncomingMessage): Refusal | null {
  if (request.method === "GET" || request.method === "HEAD" || request.url?.startsWith("/api/")) return null;
  const declared = request.headers["content-length"];
  if (declared === undefined) {
    if (request.headers["transfer-encoding"] === undefined) return null;
    return { status: 411, error: "length_required", message: "请求缺少长度信息，请从本站页面重新提交" };
  }
  if (Number(declared) > PAGE_BODY_LIMIT_BYTES) {
    return { status: 413, error: "too_large", message: "提交的内容过大（上限 1 MB），请删减后重试" };
  }
  return null;
}

/** The refusal for a cross-site action, or null (see isCrossSiteAction). */
export function checkCrossSiteAction(request: IncomingMessage): Refusal | null {
  return isCrossSiteAction(request) ? CROSS_SITE : null;
}

// How long a refused upload is read before its connection is cut. Node's own `Connection: close`
// ends and destroys the socket as soon as the answer is written; a client still sending then gets a
// reset, and its HTTP client drops the answer with the failed write (EPIPE). So the answer leaves
// the connection open and only a body still unfinished after this delay has its connection cut: a
// "lingering close", as nginx does. Meanwhile the body is read slowly, a chunk per LINGER_PACE_MS
// (at full loopback speed ten uploads made the process allocate buffers faster than it freed them:
// +117 MB); a small body ends at once and leaves the connection usable.
const LINGER_MS = 2_000;
const LINGER_PACE_MS = 50;

/**
 * Answers a refusal as JSON in the portal's shape, without handing the request to Next. The body
 * still coming is read slowly and discarded; if it has not ended LINGER_MS later, the connection is cut.
 */
export function sendRefusal(request: IncomingMessage, response: ServerResponse, refusal: Refusal): void {
  const body = JSON.stringify({ ok: false, error: refusal.error, message: refusal.message });
  response.writeHead(refusal.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  response.end(body);
  lingerOnBody(request);
}

/**
 * After a refusal has been answered: reads what is still coming of the body slowly and discards
 * it, and cuts the connection if the body has not ended LINGER_MS later (see above). Reading it
 * ourselves also keeps Node from draining it at full speed once the answer is sent.
 */
export function lingerOnBody(request: IncomingMessage): void {
  request.on("data", () => {
    request.pause();
    setTimeout(() => request.resume(), LINGER_PACE_MS).unref();
  });
  setTimeout(() => {
    if (!request.complete) request.socket.destroy();
  }, LINGER_MS).unref();
}
