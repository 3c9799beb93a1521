import "server-only";
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { generateETag } from "next/dist/server/lib/etag";
import { buildContentSecurityPolicy } from "../security/csp";
import { hashInlineScripts } from "../security/static-csp";
import type { PrerenderedPage } from "./prerendered-pages";

/**
 * The pages of materials published from the browser, rendered by Next once per revision and then
 * served by the lean path like prerendered ones (lean-routes.ts). A published page is the same for
 * every reader allowed to see it: the audience check runs per request, before this cache is asked.
 * Next renders it with a per-request nonce; the kept copy allows exactly its own inline scripts by
 * hash instead, as prerendered pages do (lib/security/static-csp.ts), so the nonce it carries is
 * never honoured again. Kept per process, for a bounded number of pages.
 */

const MAX_PAGES = 200;
const pages = new Map<string, PrerenderedPage>();

// Per-request headers of Next's answer, which the kept copy must not repeat; Vary and the
// security headers are the lean path's own (as for prerendered pages).
const DROPPED = new Set(["content-security-policy", "content-length", "content-encoding", "date", "connection", "keep-alive", "transfer-encoding", "vary", "set-cookie", "etag"]);
const SECURITY = new Set(["x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy"]);

// `version` is getMaterialPageVersion (lib/quiz): the material's revision, and whether it has a test.
function keyOf(pathname: string, version: string): string {
  return `${pathname}\n${version}`;
}

/** The kept page for a published material's address at a page version, or undefined. */
export function getPublishedPage(pathname: string, version: string): PrerenderedPage | undefined {
  return pages.get(keyOf(pathname, version));
}

function keep(pathname: string, version: string, html: Buffer, nextHeaders: OutgoingHttpHeaders): void {
  // Only what was rendered from exactly this version (a revision or first question published meanwhile is not).
  if (!html.includes(`data-material-revision="${version}"`)) return;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(nextHeaders)) {
    if (value === undefined || DROPPED.has(name) || SECURITY.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  headers["content-security-policy"] = buildContentSecurityPolicy({ hashes: hashInlineScripts(html.toString("utf8")) }, { dev: false });
  const key = keyOf(pathname, version);
  pages.delete(key);
  if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!);
  pages.set(key, { html, gzip: gzipSync(html), etag: generateETag(html.toString("utf8")), headers });
}

/**
 * Lets Next answer the request, uncompressed, and keeps a copy of a successful HTML answer for
 * the revision. Resolves when the answer is sent.
 */
export async function renderAndKeep(request: { headers: Record<string, unknown> }, response: ServerResponse, toNext: () => Promise<void>, pathname: string, version: string): Promise<void> {
  // Compression would hand us gzip to take apart: the first reader gets this one page uncompressed.
  delete request.headers["accept-encoding"];
  const chunks: Buffer[] = [];
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = response.write;
  const end = response.end;
  response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    collect(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse["write"];
  response.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== "function") collect(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse["end"];
  const finished = new Promise<void>((resolve) => {
    if (response.writableFinished) resolve();
    response.once("finish", () => resolve());
    response.once("close", () => resolve());
  });
  await toNext();
  await finished;
  const type = String(response.getHeader("content-type") ?? "");
  if (response.statusCode === 200 && response.writableFinished && type.startsWith("text/html") && !response.hasHeader("set-cookie") && !response.hasHeader("content-encoding")) {
    keep(pathname, version, Buffer.concat(chunks), response.getHeaders());
  }
}
