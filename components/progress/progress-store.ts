"use client";

import { useEffect, useState } from "react";
import type { MaterialProgress } from "@/lib/progress/read";

/** What GET /api/progress answers. */
export type ProgressResponse = { progress: MaterialProgress; readParagraphIds?: string[] };

// One request per material (and section) per page, shared by every badge and bar on it.
const requests = new Map<string, Promise<ProgressResponse | null>>();

function load(material: string, section?: string): Promise<ProgressResponse | null> {
  const key = `${material}/${section ?? ""}`;
  let request = requests.get(key);
  if (!request) {
    const query = new URLSearchParams({ material, ...(section ? { section } : {}) });
    request = fetch(`/api/progress?${query}`, { credentials: "same-origin", cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<ProgressResponse>) : null))
      .catch(() => null);
    requests.set(key, request);
  }
  return request;
}

/**
 * The signed-in reader's progress for a prerendered page, loaded after hydration; null while loading
 * or when it cannot be had (signed out, offline: the page still reads fine without it).
 */
export function useMaterialProgress(material: string, section?: string): ProgressResponse | null {
  const [data, setData] = useState<ProgressResponse | null>(null);
  useEffect(() => {
    let live = true;
    void load(material, section).then((result) => live && setData(result));
    return () => {
      live = false;
    };
  }, [material, section]);
  return data;
}
