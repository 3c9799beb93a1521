"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { getStorageOwner, readUserHint } from "@/lib/auth/user-hint";
import { OFFLINE_DOWNLOADS_EVENT, OFFLINE_DOWNLOADS_KEY, OFFLINE_PATH, SERVICE_WORKER_URL } from "@/lib/offline/config";
import { claimOfflineData } from "@/lib/offline/privacy";

/** Replaces downloaded materials whose revision moved on; loaded only when there are downloads. */
async function refreshDownloads(): Promise<string> {
  const { refreshDownloads: refresh } = await import("@/lib/offline/downloads");
  const { updated, removed } = await refresh(window.localStorage);
  return [
    updated.length > 0 ? `离线内容已更新：${updated.map((t) => `《${t}》`).join("")}` : "",
    removed.length > 0 ? `已删除不再可读材料的离线内容：${removed.map((t) => `《${t}》`).join("")}` : "",
  ].filter(Boolean).join("；");
}

/**
 * Registers the service worker (app/sw.ts), keeps this browser's offline data to the signed-in
 * reader (lib/offline/privacy.ts), brings downloaded materials up to date on an online visit
 * (lib/offline/downloads.ts), and shows 离线 while the connection is gone.
 */
export function OfflineSupport() {
  const [offline, setOffline] = useState(false);
  const [refreshed, setRefreshed] = useState("");
  const pathname = usePathname();

  useEffect(() => {
    const update = () => setOffline(!navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: "/", type: "module" }).catch((error) => console.warn("[offline] service worker not registered", error));
    }
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);

  // Signing in navigates without a reload: check whose data this is on every page. Once per page
  // load, online and signed in, downloads of an older revision are fetched again.
  const checkedDownloads = useRef(false);
  useEffect(() => {
    const hint = readUserHint(document.cookie);
    let claimed: Promise<void>;
    try {
      claimed = claimOfflineData(hint ? getStorageOwner(hint) : "", window.localStorage, window.caches);
    } catch {
      return; // localStorage refused by policy: nothing is kept offline either
    }
    claimed.catch((error) => console.warn("[offline]", error));
    if (checkedDownloads.current || !navigator.onLine || pathname === OFFLINE_PATH || !("caches" in window)) return;
    checkedDownloads.current = true;
    if (!window.localStorage.getItem(OFFLINE_DOWNLOADS_KEY)) return;
    void claimed
      .then(refreshDownloads)
      .then((message) => {
        if (!message) return;
        window.dispatchEvent(new Event(OFFLINE_DOWNLOADS_EVENT));
        setRefreshed(message);
        window.setTimeout(() => setRefreshed(""), 10_000);
      })
      .catch((error) => console.warn("[offline] downloads not refreshed", error));
  }, [pathname]);

  return (
    <div role="status" aria-live="polite" className="print:hidden">
      {offline && (
        <p className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
          <span className="mr-2 rounded bg-amber-800 px-1.5 py-0.5 text-xs font-bold text-white">离线</span>
          网络已断开：可继续阅读已保存的内容，阅读记录和笔记保存在本机，联网后自动发送
        </p>
      )}
      {!offline && refreshed && <p className="bg-emerald-50 px-4 py-2 text-center text-sm text-emerald-950">{refreshed}</p>}
    </div>
  );
}
