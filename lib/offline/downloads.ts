import { MAX_OFFLINE_MATERIALS, OFFLINE_DOWNLOADS_KEY, OFFLINE_MATERIALS_API, READING_CACHE } from "./config";

/**
 * A material kept for offline reading: its pages in the reading cache, their size, and the revision
 * they are of (lib/offline/manifest.ts); "" for a download made before revisions were recorded.
 */
export type OfflineDownload = { material: string; title: string; paths: string[]; bytes: number; at: number; revision: string };

type Store = Pick<Storage, "getItem" | "setItem">;

/** What the server says of a material to keep offline (GET /api/offline/materials). */
type Described = { slug: string; title: string; revision: string; paths: string[] };
type Description = { materials: Described[]; gone: string[] };

/** The material may not be read (any more): unknown, archived, or not for this reader. */
export class MaterialGoneError extends Error {}

function isPagePath(p: unknown): p is string {
  return typeof p === "string" && p.startsWith("/materials/");
}

function isDownload(value: unknown): value is OfflineDownload {
  const d = value as Partial<OfflineDownload> | null;
  return (
    typeof d === "object" && d !== null && typeof d.material === "string" && typeof d.title === "string" &&
    Array.isArray(d.paths) && d.paths.every(isPagePath) && Number.isFinite(d.bytes) && Number.isFinite(d.at)
  );
}

/** The materials this browser has downloaded for offline reading, newest first. */
export function listDownloads(storage: Store): OfflineDownload[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(OFFLINE_DOWNLOADS_KEY) ?? "[]");
    return (Array.isArray(parsed) ? parsed.filter(isDownload) : [])
      .map((d) => ({ ...d, revision: typeof d.revision === "string" ? d.revision : "" }))
      .sort((a, b) => b.at - a.at);
  } catch {
    return [];
  }
}

function saveDownloads(storage: Store, downloads: OfflineDownload[]): void {
  storage.setItem(OFFLINE_DOWNLOADS_KEY, JSON.stringify(downloads));
}

function isDescription(value: unknown): value is Description {
  const v = value as Partial<Description> | null;
  return (
    typeof v === "object" && v !== null && Array.isArray(v.gone) && v.gone.every((s) => typeof s === "string") && Array.isArray(v.materials) &&
    v.materials.every((m: Partial<Described>) => typeof m?.slug === "string" && typeof m.title === "string" && typeof m.revision === "string" && Array.isArray(m.paths) && m.paths.every(isPagePath))
  );
}

/** Asks the server for the pages and revisions of `slugs` (at most MAX_OFFLINE_MATERIALS). */
async function describe(slugs: string[]): Promise<Description> {
  const query = new URLSearchParams(slugs.slice(0, MAX_OFFLINE_MATERIALS).map((slug) => ["slug", slug]));
  const response = await fetch(`${OFFLINE_MATERIALS_API}?${query}`, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new Error(`${OFFLINE_MATERIALS_API}: ${response.status}`);
  const body: unknown = await response.json();
  if (!isDescription(body)) throw new Error(`${OFFLINE_MATERIALS_API}: unexpected answer`);
  return body;
}

/**
 * Fetches a described material's pages into the reading cache (which the service worker answers
 * from offline), reporting each page done and the bytes so far, then records it, replacing an
 * earlier download of it: its pages the new revision no longer has are deleted. A page that fails
 * stops with an error; the earlier record stays, so a later visit tries again.
 */
async function fetchPages(
  described: Described,
  storage: Store,
  onProgress: (done: number, total: number, bytes: number) => void,
): Promise<OfflineDownload> {
  const cache = await caches.open(READING_CACHE);
  let bytes = 0;
  for (const [index, path] of described.paths.entries()) {
    const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) throw new Error(`${path}: ${response.status}${response.redirected ? " (redirected)" : ""}`);
    bytes += (await response.clone().blob()).size;
    await cache.put(path, response);
    onProgress(index + 1, described.paths.length, bytes);
  }
  const earlier = listDownloads(storage).find((d) => d.material === described.slug);
  await Promise.all((earlier?.paths ?? []).filter((p) => !described.paths.includes(p)).map((p) => cache.delete(p)));
  const download: OfflineDownload = { material: described.slug, title: described.title, paths: described.paths, revision: described.revision, bytes, at: Date.now() };
  saveDownloads(storage, [download, ...listDownloads(storage).filter((d) => d.material !== described.slug)]);
  return download;
}

/**
 * 下载离线阅读: the material page and every section of the material's current revision. Throws
 * MaterialGoneError when the reader may not read it.
 */
export async function downloadMaterial(
  material: string,
  storage: Store,
  onProgress: (done: number, total: number, bytes: number) => void,
): Promise<OfflineDownload> {
  const described = (await describe([material])).materials.find((m) => m.slug === material);
  if (!described) throw new MaterialGoneError(material);
  return fetchPages(described, storage, onProgress);
}

/**
 * On an online visit: every download whose revision moved on (a revised material, a new release) is
 * fetched again, and one the reader may no longer read is deleted. Returns the titles of both.
 */
export async function refreshDownloads(storage: Store): Promise<{ updated: string[]; removed: string[] }> {
  const downloads = listDownloads(storage);
  if (downloads.length === 0) return { updated: [], removed: [] };
  const { materials, gone } = await describe(downloads.map((d) => d.material));
  const updated: string[] = [];
  const removed: string[] = [];
  for (const download of downloads) {
    const current = materials.find((m) => m.slug === download.material);
    if (current && current.revision !== download.revision) {
      await fetchPages(current, storage, () => undefined);
      updated.push(current.title);
    } else if (!current && gone.includes(download.material)) {
      await removeDownload(download.material, storage);
      removed.push(download.title);
    }
  }
  return { updated, removed };
}

/** Removes a downloaded material's pages from the reading cache and from the list. */
export async function removeDownload(material: string, storage: Store): Promise<void> {
  const found = listDownloads(storage).find((d) => d.material === material);
  if (found) {
    const cache = await caches.open(READING_CACHE);
    await Promise.all(found.paths.map((path) => cache.delete(path)));
  }
  saveDownloads(storage, listDownloads(storage).filter((d) => d.material !== material));
}

/** "1.2 MB"-style size for the reader. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
