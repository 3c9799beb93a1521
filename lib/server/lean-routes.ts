import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import fresh from "next/dist/compiled/fresh";
import { checkReadingPage, READING_PAGE } from "../auth/reading-gate";
import { readSessionToken, validateSessionToken } from "../auth/session";
import { asksForFreshCopy, getReadableMaterial, refreshPublishedMaterials } from "../content";
import { getPublishedPagePath } from "../content/addresses";
import { getEnv } from "../env";
import { answerBeats, BEAT_ANSWER_HEADERS, BEAT_BODY_LIMIT_BYTES } from "../progress/answer-beats";
import { failureResponse } from "../route-errors";
import { STATIC_SECURITY_HEADERS } from "../security/csp";
import { isSameOriginRequest, type HeaderReader } from "../security/origin";
import { setLeanRouter, type LeanHandler } from "./lean-registry";
import { getPrerenderedPage, type PrerenderedPage } from "./prerendered-pages";
import { getMaterialPageVersion } from "../quiz";
import { getPublishedPage, renderAndKeep } from "./published-pages";
import { lingerOnBody } from "./request-guard";

/**
 * The lean path: the few requests that are most of the load at scale, answered by the portal
 * server's request listener without Next's per-request machinery, with the very functions Next's
 * route handler and proxy call:
 * - POST /api/progress (reading beats): lib/progress/answer-beats.ts after lib/auth/session.ts and
 *   lib/security/origin.ts, as app/api/progress/route.ts;
 * - GET of a prerendered reading page (home, material, section) by a signed-in reader:
 *   lib/auth/reading-gate.ts as proxy.ts, then the page's bytes and headers as Next sends them
 *   (prerendered-pages.ts). The same for a published material's page, rendered by Next once per
 *   revision and kept (published-pages.ts), after the session and the material's audience are
 *   checked as its page checks them. A visitor to redirect, a client navigation's RSC or prefetch request,
 *   a query string, HEAD, or an encoding other than gzip or none goes to Next.
 * Every other request goes to Next unchanged. Compiled into Next's server bundle through
 * instrumentation-node.ts (see lean-registry.ts).
 */

const BEAT_PATH = "/api/progress";
/**
 * The lean path's session lookups may be answered from the session cache (lib/auth/session-cache.ts,
 * kept exact by lib/auth/session-listener.ts): on PostgreSQL the lookup's round trip was most of a
 * reading page's cost, and on SQLite a sixth of a beat's.
 */
const KEPT_SESSIONS = { cached: true } as const;

/** Next's Vary on every page and route answer (the client router's request headers). */
const NEXT_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
/** next.config.ts's headers(): on every answer, as Next adds them. */
const SECURITY_HEADERS: Record<string, string> = Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key, value]));
// Next's compression adds Accept-Encoding to Vary on every answer it could compress.
const BEAT_HEADERS = { ...SECURITY_HEADERS, Vary: `${NEXT_VARY}, Accept-Encoding`, ...BEAT_ANSWER_HEADERS };

/** Node's request headers as a fetch Headers' `get` sees them (repeated values joined with ", "). */
function headerReader(request: IncomingMessage): HeaderReader {
  return {
    get(name: string): string | null {
      const value = request.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * The body's bytes, or null as soon as more than `limit` bytes have arrived (the rest is left to
 * lingerOnBody, as readBodyBytes in lib/http/body.ts leaves it unread). Counts what arrives, not
 * what Content-Length claims.
 */
function readNodeBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // The client went away before the body ended: nothing to record, nobody to answer.
    const onClose = () => {
      cleanup();
      reject(new Error("the client closed the connection before the body ended"));
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("close", onClose);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...BEAT_HEADERS, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

/** Sends a fetch Response (failureResponse's) through Node's response. */
async function sendResponse(response: ServerResponse, answer: Response): Promise<void> {
  const body = Buffer.from(await answer.arrayBuffer());
  response.writeHead(answer.status, { ...BEAT_HEADERS, ...Object.fromEntries(answer.headers), "Content-Length": body.length });
  response.end(body);
}

/** POST /api/progress: app/api/progress/route.ts's POST, on Node's request. */
const postBeats: LeanHandler = async (request, response) => {
  let overLimit = false;
  try {
    const token = readSessionToken(request.headers.cookie);
    const session = token ? await validateSessionToken(token, new Date(), KEPT_SESSIONS) : null;
    const answer = await answerBeats({
      user: session?.user ?? null,
      sameOrigin: isSameOriginRequest(headerReader(request)),
      readBody: async () => {
        const bytes = await readNodeBody(request, BEAT_BODY_LIMIT_BYTES);
        overLimit = bytes === null;
        return bytes;
      },
    });
    sendJson(response, answer.status, answer.body);
  } catch (error) {
    // Not request.destroyed: a request whose body was read to its end is destroyed too (autoDestroy),
    // and its client still waits for the answer. Only a gone connection has no one to answer.
    if (response.destroyed || response.headersSent || request.socket.destroyed) return;
    await sendResponse(response, failureResponse(error, "POST /api/progress"));
  }
  // A refusal before the body was read (401, 403) or past its limit (413) leaves the body unread.
  if (overLimit || !request.complete) lingerOnBody(request);
};

// Headers of the client router's requests (RSC payloads, prefetches) and of server actions: Next
// answers those, from the same build.
const NEXT_REQUEST_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action"];

/**
 * The encoding Next's compression would choose among gzip and none, or null when it would choose
 * another (deflate preferred, or identity refused): then Next answers.
 */
function chooseEncoding(acceptEncoding: string | undefined): "gzip" | "identity" | null {
  if (!acceptEncoding) return "identity";
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    weights.set(name.trim(), q ? Number(q.slice(2)) : 1);
  }
  const weight = (name: string) => weights.get(name) ?? weights.get("*") ?? (name === "identity" ? 1 : 0);
  const gzip = weight("gzip");
  if (gzip > 0 && gzip >= weight("deflate")) return "gzip";
  if (weight("deflate") > 0 || !(weight("identity") > 0)) return null;
  return "identity";
}

function sendPage(request: IncomingMessage, response: ServerResponse, page: PrerenderedPage, encoding: "gzip" | "identity"): void {
  const headers: Record<string, string | number> = { ...SECURITY_HEADERS, ...page.headers, ETag: page.etag };
  // Next's own test (send-payload.js): If-None-Match against the ETag, and never for a request
  // that says Cache-Control: no-cache.
  if (fresh(request.headers, { etag: page.etag })) {
    response.writeHead(304, { ...headers, Vary: NEXT_VARY });
    response.end();
    return;
  }
  const body = encoding === "gzip" ? page.gzip : page.html;
  response.writeHead(200, {
    ...headers,
    Vary: `${NEXT_VARY}, Accept-Encoding`,
    "Content-Type": "text/html; charset=utf-8",
    ...(encoding === "gzip" ? { "Content-Encoding": "gzip" } : {}),
    "Content-Length": body.length,
  });
  response.end(body);
}

/** GET of a prerendered reading page: proxy.ts's gate, then the page as Next sends it; anything else to Next. */
function routeReadingPage(request: IncomingMessage): LeanHandler | undefined {
  const url = request.url ?? "";
  if (request.method !== "GET" || url.includes("?") || !READING_PAGE.test(url) || (url.endsWith("/") && url !== "/")) return undefined;
  if (NEXT_REQUEST_HEADERS.some((name) => request.headers[name] !== undefined)) return undefined;
  // A browser's speculative prefetch skips proxy.ts (its matcher), and so stays with Next as today.
  if (request.headers.purpose === "prefetch") return undefined;
  const encoding = chooseEncoding(request.headers["accept-encoding"]);
  if (!encoding) return undefined;
  const page = getPrerenderedPage(url, getEnv().NEXT_DIST_DIR);
  if (!page) return routePublishedPage(url, encoding);
  return async (req, res, toNext) => {
    let gate;
    try {
      gate = await checkReadingPage(readSessionToken(req.headers.cookie), KEPT_SESSIONS);
    } catch {
      // The database failed: Next's proxy meets the same failure and answers it as it does today.
      return toNext();
    }
    // Redirects (to sign in, to change the initial password) are the proxy's: Next answers them.
    if (gate !== "open") return toNext();
    sendPage(req, res, page, encoding);
  };
}

/**
 * GET of a published material's page (app/published/, at its /materials/ address) by a signed-in
 * reader: the checks of lib/content/published-pages.ts (a session as requireReader wants it, the
 * material readable by the reader's unit), then the copy kept for its current revision, or Next's
 * answer, kept. Anything else (a visitor, a reader outside the audience: Next's redirect or 404) to Next.
 */
function routePublishedPage(url: string, encoding: "gzip" | "identity"): LeanHandler | undefined {
  if (!getPublishedPagePath(url)) return undefined;
  const [, , slug = ""] = url.split("/");
  return async (req, res, toNext) => {
    let version: string;
    try {
      const token = readSessionToken(req.headers.cookie);
      const session = token ? await validateSessionToken(token, new Date(), KEPT_SESSIONS) : null;
      if (!session || session.user.mustChangePassword) return toNext();
      await refreshPublishedMaterials({ force: asksForFreshCopy((name) => headerReader(req).get(name)) });
      const material = getReadableMaterial(session.user, slug);
      if (material?.source !== "published") return toNext();
      version = getMaterialPageVersion(material);
    } catch {
      // The database failed: Next's proxy and page meet the same failure and answer it as they do.
      return toNext();
    }
    const page = getPublishedPage(url, version);
    if (page) return sendPage(req, res, page, encoding);
    return renderAndKeep(req, res, toNext, url, version);
  };
}

/** Routes POST /api/progress (with or without a query string) and reading pages to the lean path. */
function routeLean(request: IncomingMessage): LeanHandler | undefined {
  if (request.method === "POST") {
    const url = request.url ?? "";
    return url === BEAT_PATH || url.startsWith(`${BEAT_PATH}?`) ? postBeats : undefined;
  }
  return routeReadingPage(request);
}

/** Installs the lean routes for the portal server (instrumentation-node.ts, once per process). */
export function registerLeanRoutes(): void {
  setLeanRouter(routeLean);
}
