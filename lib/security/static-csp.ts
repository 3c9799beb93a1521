import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Prerendered pages are the same bytes for every reader, so they cannot carry a per-request nonce.
 * Their inline scripts are fixed at build time instead: the proxy allows exactly those scripts by
 * their SHA-256, read from the prerendered HTML that Next serves. Cached per path for the process.
 */
const cache = new Map<string, string[]>();
const SAFE_PATH = /^\/[a-z0-9\-/]*$/;
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/** The 'sha256-…' sources of every inline script in a prerendered HTML document. */
export function hashInlineScripts(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    hashes.add(`'sha256-${createHash("sha256").update(match[1] ?? "", "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/** The inline-script hashes of the page prerendered for `pathname`, or null when it is not prerendered. */
export function getPrerenderedScriptHashes(pathname: string, distDir: string): string[] | null {
  const known = cache.get(pathname);
  if (known) return known;
  if (!SAFE_PATH.test(pathname) || pathname.includes("..")) return null;
  const appDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), distDir, "server", "app");
  const file = path.join(appDir, `${pathname === "/" ? "/index" : pathname.replace(/\/$/, "")}.html`);
  if (!file.startsWith(appDir + path.sep)) return null;
  let html: string;
  try {
    html = fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const hashes = hashInlineScripts(html);
  cache.set(pathname, hashes);
  return hashes;
}
