import { OFFLINE_DOWNLOADS_KEY, READING_CACHE } from "./config";

/** A material kept for offline reading: its pages in the reading cache, and their size. */
export type OfflineDownload = { material: string; title: string; paths: string[]; bytes: number; at: number };

type Store = Pick<Storage, "getItem" | "setItem">;

function isDownload(value: unknown): value is OfflineDownload {
  const d = value as Partial<OfflineDownload> | null;
  return (
    typeof d === "object" && d !== null && typeof d.material === "string" && typeof d.title === "string" &&
    Array.isArray(d.paths) && d.paths.every((p) => typeof p === "string" && p.startsWith("/materials/")) &&
    Number.isFinite(d.bytes) && Number.isFinite(d.at)
  );
}

/** The materials this browser has downloaded for offline reading, newest first. */
export function listDownloads(storage: Store): OfflineDownload[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(OFFLINE_DOWNLOADS_KEY) ?? "[]");
    return (Array.isArray(parsed) ? parsed.filter(isDownload) : []).sort((a, b) => b.at - a.at);
  } catch {
    return [];
  }
}

function saveDownloads(storage: Store, downloads: OfflineDownload[]): void {
  storage.setItem(OFFLINE_DOWNLOADS_KEY, JSON.stringify(downloads));
}

export type DownloadInput = { material: string; title: string; paths: string[] };

/**
 * Fetches a material's pages (the material page and every section) into the reading cache, which the
 * service worker answers from offline; reports each page done and the bytes so far. A page that
 * fails stops the download with an error; what was fetched stays cached.
 */
export async function downloadMaterial(
  input: DownloadInput,
  storage: Store,
  onProgress: (done: number, total: number, bytes: number) => void,
): Promise<OfflineDownload> {
  const cache = await caches.open(READING_CACHE);
  let bytes = 0;
  for (const [index, path] of input.paths.entries()) {
    const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) throw new Error(`${path}: ${response.status}${response.redirected ? " (redirected)" : ""}`);
    bytes += (await response.clone().blob()).size;
    await cache.put(path, response);
    onProgress(index + 1, input.paths.length, bytes);
  }
  const download: OfflineDownload = { ...input, bytes, at: Date.now() };
  saveDownloads(storage, [download, ...listDownloads(storage).filter((d) => d.material !== input.material)]);
  return download;
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
