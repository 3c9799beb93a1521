"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { getStorageOwner, readUserHint } from "@/lib/auth/user-hint";
import { SERVICE_WORKER_URL } from "@/lib/offline/config";
import { claimOfflineData } from "@/lib/offline/privacy";

/**
 * Registers the service worker (app/sw.ts), keeps this browser's offline data to the signed-in
 * reader (lib/offline/privacy.ts), and shows 离线 while the connection is gone.
 */
export function OfflineSupport() {
  const [offline, setOffline] = useState(false);
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

  // Signing in navigates without a reload: check whose data this is on every page.
  useEffect(() => {
    const hint = readUserHint(document.cookie);
    try {
      void claimOfflineData(hint ? getStorageOwner(hint) : "", window.localStorage, window.caches).catch((error) => console.warn("[offline]", error));
    } catch {
      // localStorage refused by policy: nothing is kept offline either
    }
  }, [pathname]);

  return (
    <div role="status" aria-live="polite" className="print:hidden">
      {offline && (
        <p className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
          <span className="mr-2 rounded bg-amber-800 px-1.5 py-0.5 text-xs font-bold text-white">离线</span>
          网络已断开：可继续阅读已保存的内容，阅读记录和笔记保存在本机，联网后自动发送
        </p>
      )}
    </div>
  );
}
