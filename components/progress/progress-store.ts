"use client";

import { useEffect, useState } from "react";
import type { MaterialProgress } from "@/lib/progress/read";
import type { SectionStatus } from "@/lib/progress/status";
import { PROGRESS_STORED_EVENT } from "@/lib/progress/tracker/events";

/** What GET /api/progress answers. */
export type ProgressResponse = { progress: MaterialProgress; readParagraphIds?: string[] };

type Loaded = { data: ProgressResponse | null; at: number };

// Components mounting together (the bar, every badge of the table of contents) share one request;
// a page shown later (client-side navigation) asks again, so it never starts from stale figures.
const SHARE_REQUEST_MS = 3000;
const requests = new Map<string, { promise: Promise<Loaded>; at: number }>();
// Section statuses newer than what was loaded, keyed "material/section": the server's answers to
// beats, and (shown on top, never taken for the server's word) the section page's live measurement.
type Update = { status: SectionStatus; at: number };
const stored = new Map<string, Update>();
const live = new Map<string, Update>();
const listeners = new Set<() => void>();

function load(material: string, section?: string): Promise<Loaded> {
  const key = `${material}/${section ?? ""}`;
  const cached = requests.get(key);
  if (cached && Date.now() - cached.at < SHARE_REQUEST_MS) return cached.promise;
  const at = Date.now();
  const query = new URLSearchParams({ material, ...(section ? { section } : {}) });
  const promise = fetch(`/api/progress?${query}`, { credentials: "same-origin", cache: "no-store" })
    .then((response) => (response.ok ? (response.json() as Promise<ProgressResponse>) : null))
    .catch(() => null)
    .then((data) => ({ data, at }));
  requests.set(key, { promise, at });
  return promise;
}

function update(map: Map<string, Update>, material: string, status: SectionStatus): void {
  map.set(`${material}/${status.slug}`, { status, at: Date.now() });
  for (const listener of listeners) listener();
}

/** Shows what the section page measures of the section being read (ahead of the server's answer). */
export function showLiveSectionStatus(material: string, status: SectionStatus): void {
  update(live, material, status);
}

if (typeof window !== "undefined") {
  window.addEventListener(PROGRESS_STORED_EVENT, (event) => {
    for (const s of event.detail) {
      if (typeof s?.material === "string" && typeof s.slug === "string" && typeof s.state === "string") update(stored, s.material, s);
    }
  });
}

function withUpdates(loaded: Loaded, material: string, withLive: boolean): ProgressResponse | null {
  if (!loaded.data) return null;
  const { progress } = loaded.data;
  const newer = (map: Map<string, Update>, slug: string) => {
    const found = map.get(`${material}/${slug}`);
    return found && found.at >= loaded.at ? found : undefined;
  };
  const sections = progress.sections.map((s) => {
    const server = newer(stored, s.slug);
    const measured = withLive ? newer(live, s.slug) : undefined;
    // The server's 已完成 stands; otherwise the more recent of the two.
    if (measured && server?.status.state !== "done" && (!server || measured.at >= server.at)) return measured.status;
    return server?.status ?? s;
  });
  return { ...loaded.data, progress: { ...progress, sections, done: sections.filter((s) => s.state === "done").length } };
}

/**
 * The signed-in reader's progress for a prerendered page, loaded after hydration and kept current
 * by the server's answers to the tracker's beats (and, unless `withLive` is false, the section page's
 * live measurement); null while loading or when it cannot be had (signed out, offline: the page
 * still reads fine without it). `loaded` is the answer as loaded.
 */
export function useMaterialProgress(material: string, section?: string, withLive = true): (ProgressResponse & { loaded: ProgressResponse }) | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    void load(material, section).then((result) => live && setLoaded(result));
    return () => {
      live = false;
      listeners.delete(listener);
    };
  }, [material, section]);
  const current = loaded ? withUpdates(loaded, material, withLive) : null;
  return current && loaded?.data ? { ...current, loaded: loaded.data } : null;
}
