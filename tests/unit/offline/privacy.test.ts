import { describe, expect, it } from "vitest";
import { OFFLINE_DOWNLOADS_KEY, OFFLINE_OWNER_KEY, PERSONAL_CACHE } from "@/lib/offline/config";
import { claimOfflineData, forgetReader, type KeyedStorage } from "@/lib/offline/privacy";
import { PROGRESS_QUEUE_KEY } from "@/lib/progress/tracker/queue";

class MapStorage implements KeyedStorage {
  data = new Map<string, string>();
  get length() {
    return this.data.size;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

function fakeCaches() {
  const deleted: string[] = [];
  return { deleted, caches: { delete: async (name: string) => (deleted.push(name), true) } as unknown as CacheStorage };
}

function seeded(): MapStorage {
  const s = new MapStorage();
  s.setItem(OFFLINE_OWNER_KEY, "#1");
  s.setItem(OFFLINE_DOWNLOADS_KEY, "[]");
  s.setItem("xxyd:draft:v1:#1:note:5", "mine");
  s.setItem("xxyd:draft:v1:#12:note:6", "someone else's (owner #12 starts like #1)");
  s.setItem("xxyd:font-size", "large");
  s.setItem(PROGRESS_QUEUE_KEY, JSON.stringify({ entries: [{ owner: "#1", beat: {} }, { owner: "#12", beat: {} }] }));
  return s;
}

describe("offline data on a shared computer", () => {
  it("forgets one reader: personal cache, queued beats, drafts and downloads; others' data and settings stay", async () => {
    const storage = seeded();
    const { caches, deleted } = fakeCaches();
    await forgetReader("#1", storage, caches);
    expect(deleted).toEqual([PERSONAL_CACHE]);
    expect([...storage.data.keys()].sort()).toEqual([PROGRESS_QUEUE_KEY, "xxyd:draft:v1:#12:note:6", "xxyd:font-size"].sort());
    expect(JSON.parse(storage.getItem(PROGRESS_QUEUE_KEY)!).entries).toEqual([{ owner: "#12", beat: {} }]);
  });

  it("forgets the previous reader when another signs in, not when the session merely ended", async () => {
    const storage = seeded();
    const { caches, deleted } = fakeCaches();
    await claimOfflineData("", storage, caches); // signed out by expiry: queued writes wait for sign-in
    await claimOfflineData("#1", storage, caches);
    expect(deleted).toEqual([]);
    expect(storage.getItem("xxyd:draft:v1:#1:note:5")).toBe("mine");
    await claimOfflineData("#12", storage, caches);
    expect(deleted).toEqual([PERSONAL_CACHE]);
    expect(storage.getItem("xxyd:draft:v1:#1:note:5")).toBeNull();
    expect(storage.getItem(OFFLINE_OWNER_KEY)).toBe("#12");
  });
});
