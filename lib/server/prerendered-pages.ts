import "server-only";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { getCacheControlHeader } from "next/dist/server/lib/cache-control";
import { generateETag } from "next/dist/server/lib/etag";
import { buildContentSecurityPolicy } from "../security/csp";
import { getPrerenderedScriptHashes } from "../security/static-csp";

/**
 * A page Next prerendered at build time, kept in memory with the headers Next sends with it, so
 * that the portal server's lean path (lean-routes.ts) can answer a signed-in reader with exactly
 * what Next would have sent: the same bytes, ETag, Cache-Control, CSP (the page's inline-script
 * hashes, lib/security/static-csp.ts, as proxy.ts sets it) and Next's own x-nextjs-* headers.
 * Only pages that never revalidate (`revalidate: false`, Next's Cache-Control then says one year):
 * their HTML cannot change while the process runs.
 */
export type PrerenderedPage = {
  html: Buffer;
  /** The same bytes gzipped once, where Next's compression would gzip them on every request. */
  gzip: Buffer;
  etag: string;
  /** Headers of every answer (200 and 304) besides the static security headers and Vary. */
  headers: Record<string, string>;
};

type PrerenderManifest = { routes: Record<string, { initialRevalidateSeconds?: number | false; dataRoute?: string | null }> };

// Per process: the build does not change under a running server. null: not a page served here.
const pages = new Map<string, PrerenderedPage | null>();
let manifest: PrerenderManifest["routes"] | undefined;

function readManifest(distDir: string): PrerenderManifest["routes"] {
  if (!manifest) {
    const file = path.resolve(/* turbopackIgnore: true */ process.cwd(), distDir, "prerender-manifest.json");
    manifest = (JSON.parse(fs.readFileSync(file, "utf8")) as PrerenderManifest).routes;
  }
  return manifest;
}

/** The headers Next keeps from a page's build-time metadata (x-nextjs-stale-time, x-nextjs-prerender); the cache tags stay internal. */
function readMetaHeaders(file: string): Record<string, string> {
  const meta = JSON.parse(fs.readFileSync(file, "utf8")) as { headers?: Record<string, string> };
  const headers = { ...meta.headers };
  delete headers["x-next-cache-tags"];
  return headers;
}

function loadPage(pathname: string, distDir: string): PrerenderedPage | null {
  const route = readManifest(distDir)[pathname];
  if (!route || route.initialRevalidateSeconds !== false) return null;
  const hashes = getPrerenderedScriptHashes(pathname, distDir);
  if (!hashes) return null;
  const appDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), distDir, "server", "app");
  const base = path.join(appDir, pathname === "/" ? "index" : pathname.slice(1));
  const html = fs.readFileSync(`${base}.html`);
  return {
    html,
    gzip: gzipSync(html),
    etag: generateETag(html.toString("utf8")),
    headers: {
      "content-security-policy": buildContentSecurityPolicy({ hashes }, { dev: false }),
      "x-nextjs-cache": "HIT",
      ...readMetaHeaders(`${base}.meta`),
      "Cache-Control": getCacheControlHeader({ revalidate: false, expire: undefined }),
    },
  };
}

/** The prerendered page at `pathname` (exact, no trailing slash), or null when Next must answer it. */
export function getPrerenderedPage(pathname: string, distDir: string): PrerenderedPage | null {
  let page = pages.get(pathname);
  if (page === undefined) {
    page = loadPage(pathname, distDir);
    // Only paths the manifest names are remembered: unknown ones would let requests grow the map.
    if (page || readManifest(distDir)[pathname]) pages.set(pathname, page);
  }
  return page;
}
