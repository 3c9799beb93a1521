import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OFFLINE_DOWNLOADS_KEY, OFFLINE_MATERIALS_API } from "@/lib/offline/config";
import { downloadMaterial, listDownloads, MaterialGoneError, refreshDownloads, type OfflineDownload } from "@/lib/offline/downloads";

/** The server's side: each material's pages and revision, and the text each page has now. */
type Server = { materials: Record<string, { title: string; revision: string; paths: string[] }>; pages: Map<string, string> };

function storage() {
  const data = new Map<string, string>();
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

let server: Server;
let cache: Map<string, string>;
let requested: string[];

beforeEach(() => {
  server = { materials: {}, pages: new Map() };
  cache = new Map();
  requested = [];
  vi.stubGlobal("fetch", async (input: string) => {
    requested.push(input);
    const url = new URL(input, "http://portal.test");
    if (url.pathname === OFFLINE_MATERIALS_API) {
      const slugs = url.searchParams.getAll("slug");
      const materials = slugs.filter((s) => server.materials[s]).map((slug) => ({ slug, ...server.materials[slug]! }));
      return Response.json({ ok: true, materials, gone: slugs.filter((s) => !server.materials[s]) });
    }
    const text = server.pages.get(url.pathname);
    return text === undefined ? new Response("not found", { status: 404 }) : new Response(text);
  });
  vi.stubGlobal("caches", {
    open: async () => ({
      put: async (path: string, response: Response) => void cache.set(path, await response.text()),
      delete: async (path: string) => cache.delete(path),
    }),
  });
});
afterEach(() => vi.unstubAllGlobals());

function publish(slug: string, revision: string, sections: Record<string, string>) {
  const paths = [`/materials/${slug}`, ...Object.keys(sections).map((s) => `/materials/${slug}/${s}`)];
  server.materials[slug] = { title: `材料 ${slug}`, revision, paths };
  server.pages.set(`/materials/${slug}`, `目录 ${revision}`);
  for (const [s, text] of Object.entries(sections)) server.pages.set(`/materials/${slug}/${s}`, text);
}

describe("downloading a material for offline reading", () => {
  it("keeps every page the server names, with its revision, and reports progress page by page", async () => {
    publish("a", "r1", { intro: "导言一", "part-1": "第一部分一" });
    const store = storage();
    const progress: string[] = [];
    const download = await downloadMaterial("a", store, (done, total) => progress.push(`${done}/${total}`));
    expect(progress).toEqual(["1/3", "2/3", "3/3"]);
    expect(download).toMatchObject({ material: "a", title: "材料 a", revision: "r1", paths: ["/materials/a", "/materials/a/intro", "/materials/a/part-1"] });
    expect(cache.get("/materials/a/part-1")).toBe("第一部分一");
    expect(listDownloads(store).map((d) => d.material)).toEqual(["a"]);
  });

  it("refuses a material the reader may not read, keeping nothing", async () => {
    const store = storage();
    await expect(downloadMaterial("secret", store, () => undefined)).rejects.toBeInstanceOf(MaterialGoneError);
    expect(cache.size).toBe(0);
    expect(listDownloads(store)).toEqual([]);
  });
});

describe("refreshing downloads on an online visit", () => {
  it("fetches a revised material again, drops the pages it no longer has, and leaves an unchanged one alone", async () => {
    publish("a", "r1", { intro: "导言一", "part-1": "第一部分一", "part-2": "第二部分一" });
    publish("b", "s1", { intro: "乙导言" });
    const store = storage();
    await downloadMaterial("a", store, () => undefined);
    await downloadMaterial("b", store, () => undefined);

    publish("a", "r2", { intro: "导言一", "part-1": "第一部分（修订）" });
    server.pages.delete("/materials/a/part-2");
    requested = [];
    expect(await refreshDownloads(store)).toEqual({ updated: ["材料 a"], removed: [] });
    expect(cache.get("/materials/a/part-1")).toBe("第一部分（修订）");
    expect(cache.has("/materials/a/part-2")).toBe(false);
    expect(listDownloads(store).find((d) => d.material === "a")).toMatchObject({ revision: "r2", paths: ["/materials/a", "/materials/a/intro", "/materials/a/part-1"] });
    // b's pages were not fetched again.
    expect(requested.filter((r) => r.startsWith("/materials/b"))).toEqual([]);
    // Nothing moved: one question, no page fetched.
    requested = [];
    expect(await refreshDownloads(store)).toEqual({ updated: [], removed: [] });
    expect(requested).toHaveLength(1);
  });

  it("deletes a material the reader may no longer read (archived, or moved out of their audience)", async () => {
    publish("a", "r1", { intro: "导言一" });
    const store = storage();
    await downloadMaterial("a", store, () => undefined);
    delete server.materials.a;
    expect(await refreshDownloads(store)).toEqual({ updated: [], removed: ["材料 a"] });
    expect(cache.size).toBe(0);
    expect(listDownloads(store)).toEqual([]);
  });

  it("fetches a download recorded before revisions were again, and keeps the old copy when the server fails", async () => {
    publish("a", "r1", { intro: "导言一" });
    const store = storage();
    const old: Omit<OfflineDownload, "revision"> = { material: "a", title: "材料 a", paths: ["/materials/a", "/materials/a/intro"], bytes: 10, at: 1 };
    store.setItem(OFFLINE_DOWNLOADS_KEY, JSON.stringify([old]));
    cache.set("/materials/a/intro", "旧导言");
    server.pages.delete("/materials/a/intro");
    await expect(refreshDownloads(store)).rejects.toThrow(/404/u);
    expect(cache.get("/materials/a/intro")).toBe("旧导言");
    expect(listDownloads(store)).toMatchObject([{ material: "a", revision: "" }]);

    server.pages.set("/materials/a/intro", "导言一");
    expect(await refreshDownloads(store)).toEqual({ updated: ["材料 a"], removed: [] });
    expect(listDownloads(store)).toMatchObject([{ material: "a", revision: "r1" }]);
  });
});
