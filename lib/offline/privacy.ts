import { PROGRESS_QUEUE_KEY } from "../progress/tracker/queue";
import { OFFLINE_DOWNLOADS_KEY, OFFLINE_OWNER_KEY, PERSONAL_CACHE } from "./config";

/** The part of localStorage used here (tests pass a Map-backed fake). */
export type KeyedStorage = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

const DRAFT_PREFIX = "xxyd:draft:v1:"; // lib/notes/drafts.ts: drafts are keyed by owner

/**
 * Deletes what this browser keeps of one reader (shared office PCs): the cached pages with their
 * data (我的学习, 我的笔记), their queued reading beats, their unsaved note and 心得 drafts, and the
 * list of downloads. Material text, the same for every reader, stays in the reading cache.
 */
export async function forgetReader(owner: string, storage: KeyedStorage, caches: CacheStorage | undefined): Promise<void> {
  // localStorage first and synchronously: sign-out navigates right after this is called.
  const raw = storage.getItem(PROGRESS_QUEUE_KEY);
  if (raw) {
    try {
      const entries = ((JSON.parse(raw) as { entries?: Array<{ owner?: unknown }> }).entries ?? []).filter((e) => e.owner !== owner);
      if (entries.length > 0) storage.setItem(PROGRESS_QUEUE_KEY, JSON.stringify({ entries }));
      else storage.removeItem(PROGRESS_QUEUE_KEY);
    } catch {
      storage.removeItem(PROGRESS_QUEUE_KEY); // unreadable: nobody's data can be told apart
    }
  }
  const drafts: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(`${DRAFT_PREFIX}${owner}:`)) drafts.push(key);
  }
  for (const key of drafts) storage.removeItem(key);
  storage.removeItem(OFFLINE_DOWNLOADS_KEY);
  if (storage.getItem(OFFLINE_OWNER_KEY) === owner) storage.removeItem(OFFLINE_OWNER_KEY);
  await caches?.delete(PERSONAL_CACHE);
}

/**
 * Called on every page with the signed-in reader (or "" when nobody is): when another reader signs
 * in on this browser, the previous one's data is deleted first. Signing out deletes it too
 * (UserMenu); a session that merely expired keeps it, so nothing queued is lost before the reader
 * signs in again.
 */
export async function claimOfflineData(owner: string, storage: KeyedStorage, caches: CacheStorage | undefined): Promise<void> {
  if (!owner) return;
  const previous = storage.getItem(OFFLINE_OWNER_KEY);
  if (previous && previous !== owner) await forgetReader(previous, storage, caches);
  storage.setItem(OFFLINE_OWNER_KEY, owner);
}
