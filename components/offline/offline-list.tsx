"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { OFFLINE_DOWNLOADS_EVENT } from "@/lib/offline/config";
import { formatBytes, listDownloads, removeDownload, type OfflineDownload } from "@/lib/offline/downloads";

/** 我的学习's list of materials downloaded on this device for offline reading, each removable. */
export function OfflineList() {
  const [downloads, setDownloads] = useState<OfflineDownload[] | null>(null);
  useEffect(() => {
    const update = () => setDownloads(listDownloads(window.localStorage));
    update();
    window.addEventListener(OFFLINE_DOWNLOADS_EVENT, update);
    return () => window.removeEventListener(OFFLINE_DOWNLOADS_EVENT, update);
  }, []);
  if (downloads === null) return null;

  const remove = async (material: string) => {
    await removeDownload(material, window.localStorage).catch((error) => console.warn("[offline] remove failed", error));
    setDownloads(listDownloads(window.localStorage));
  };

  return (
    <section aria-labelledby="offline-heading" className="mt-8 max-w-3xl">
      <h2 id="offline-heading" className="mb-2 text-lg font-bold">本机离线内容</h2>
      {downloads.length === 0 ? (
        <p className="text-stone-700">还没有下载离线阅读的材料。在材料页点“下载离线阅读”，没有网络时也能阅读。</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
          {downloads.map((d) => (
            <li key={d.material} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <span>
                <Link href={`/materials/${d.material}`} className="font-medium text-red-900 hover:underline">
                  {d.title}
                </Link>
                <span className="ml-2 text-sm text-stone-600">
                  {d.paths.length} 页 · {formatBytes(d.bytes)} · {new Date(d.at).toLocaleDateString("zh-CN")}
                </span>
              </span>
              <button type="button" onClick={() => void remove(d.material)} className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100">
                删除<span className="sr-only">“{d.title}”的离线内容</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
