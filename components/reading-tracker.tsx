"use client";

import { useEffect, useState } from "react";
import { getStorageOwner, readUserHint } from "@/lib/auth/user-hint";
import type { TrackedParagraph } from "@/lib/progress/tracker/dwell";
import { startPageView, type TrackerEnv } from "@/lib/progress/tracker/page-view";
import type { StorageLike } from "@/lib/progress/tracker/queue";

type Props = { material: string; section: string; version: string; paragraphs: TrackedParagraph[] };

// Fine steps, so a paragraph taller than the viewport reports when it starts to fill half of it.
const THRESHOLDS = Array.from({ length: 21 }, (_, i) => i / 20);

// The previous page view's last delivery (client-side navigation between sections): the next one
// waits for it, so the same queued beat is not posted twice at once.
let lastDelivery: Promise<void> = Promise.resolve();

function getStorage(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled by policy: the queue lives in memory
  }
}

function getBrowserEnv(): TrackerEnv {
  return {
    window,
    document,
    observe: (ids, report) => {
      const observer = new IntersectionObserver(
        (entries) =>
          report(
            entries.map((entry) => ({
              id: entry.target.id,
              isIntersecting: entry.isIntersecting,
              ratio: entry.intersectionRatio,
              visibleHeight: entry.intersectionRect.height,
              viewportHeight: entry.rootBounds?.height ?? window.innerHeight,
            })),
          ),
        { threshold: THRESHOLDS },
      );
      for (const id of ids) {
        const element = document.getElementById(id);
        if (element) observer.observe(element);
      }
      return observer;
    },
    fetch: (url, init) => fetch(url, init),
    sendBeacon: (url, data) => navigator.sendBeacon(url, data),
    isOnline: () => navigator.onLine,
    setInterval: (run, ms) => window.setInterval(run, ms),
    clearInterval: (timer) => window.clearInterval(timer as number),
    setTimer: (run, ms) => window.setTimeout(run, ms),
    clearTimer: (timer) => window.clearTimeout(timer as number),
    clock: () => performance.now(),
    dateNow: Date.now,
    random: Math.random,
    storage: getStorage(),
    fillRandom: (bytes) => crypto.getRandomValues(bytes),
    warn: console.warn,
  };
}

/**
 * Measures honest reading of one section (paragraphs dwelt on, active time) and delivers it to
 * /api/progress; see lib/progress/tracker/page-view.ts. Renders only a polite status line, empty
 * unless delivery keeps failing.
 */
export function ReadingTracker({ material, section, version, paragraphs }: Props) {
  const [trouble, setTrouble] = useState("");

  // `version` changes exactly when the paragraphs do, so it stands in for the array in the deps.
  useEffect(() => {
    const hint = readUserHint(document.cookie);
    const owner = hint ? getStorageOwner(hint) : "";
    const stop = startPageView({ material, section, version, paragraphs, owner, onTrouble: setTrouble, after: lastDelivery }, getBrowserEnv());
    return () => {
      lastDelivery = stop();
    };
  }, [material, section, version]);

  return (
    // data-signed-out shows the 在新窗口重新登录 link rendered right after this (components/materials/section-reader.tsx).
    <p role="status" aria-live="polite" data-signed-out={trouble.startsWith("登录") || undefined} className="peer text-sm text-amber-900 print:hidden">
      {trouble}
    </p>
  );
}
