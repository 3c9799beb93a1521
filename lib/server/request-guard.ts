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

const CROSS_SITE_BODY = JSON.stringify({ ok: false, error: "cross_origin", message: "请求来源无效，请从本站页面提交" });

/** Answers 403 to a cross-site action without reading its body; the connection is not reused. */
export function refuseCrossSiteAction(response: ServerResponse): void {
  response.writeHead(403, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(CROSS_SITE_BODY),
    "Cache-Control": "no-store",
    Connection: "close",
  });
  response.end(CROSS_SITE_BODY);
}
