"use client";

import { useEffect, useState } from "react";
import { OFFLINE_DOWNLOADS_EVENT } from "@/lib/offline/config";
import { downloadMaterial, formatBytes, listDownloads, MaterialGoneError } from "@/lib/offline/downloads";

type Props = { material: string };
type State =
  | { kind: "idle" }
  | { kind: "busy"; done: number; total: number | null; bytes: number }
  | { kind: "done"; pages: number; bytes: number; at: number }
  | { kind: "error"; message: string };

/** 下载离线阅读: fetches the material page and all its sections for reading without a connection. */
export function OfflineDownload({ material }: Props) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [supported, setSupported] = useState(false);

  useEffect(() => {
    setSupported("caches" in window && "serviceWorker" in navigator);
    const update = () => {
      const found = listDownloads(window.localStorage).find((d) => d.material === material);
      setState((state) => (state.kind === "busy" ? state : found ? { kind: "done", pages: found.paths.length, bytes: found.bytes, at: found.at } : { kind: "idle" }));
    };
    update();
    window.addEventListener(OFFLINE_DOWNLOADS_EVENT, update);
    return () => window.removeEventListener(OFFLINE_DOWNLOADS_EVENT, update);
  }, [material]);

  if (!supported) return null;
  const busy = state.kind === "busy";
  const start = async () => {
    setState({ kind: "busy", done: 0, total: null, bytes: 0 });
    try {
      const result = await downloadMaterial(material, window.localStorage, (done, total, bytes) => setState({ kind: "busy", done, total, bytes }));
      setState({ kind: "done", pages: result.paths.length, bytes: result.bytes, at: result.at });
    } catch (error) {
      console.warn("[offline] download failed", error);
      const message = error instanceof MaterialGoneError ? "无法下载：这份材料已不可阅读" : navigator.onLine ? "下载未完成，请稍后重试" : "当前离线，联网后才能下载";
      setState({ kind: "error", message });
    }
  };

  return (
    <section aria-labelledby="offline-download-heading" className="mt-4 max-w-xl rounded-lg border border-stone-200 bg-white p-4 print:hidden">
      <h2 id="offline-download-heading" className="sr-only">离线阅读</h2>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => void start()}
          disabled={busy}
          className="rounded bg-red-800 px-4 py-2 text-white hover:bg-red-900 disabled:opacity-60"
        >
          {state.kind === "done" ? "重新下载离线阅读" : "下载离线阅读"}
        </button>
        <p role="status" aria-live="polite" className="text-sm text-stone-700">
          {state.kind === "busy" && (state.total === null ? "正在准备下载…" : `正在下载 ${state.done}/${state.total} 页 · 已用 ${formatBytes(state.bytes)}`)}
          {state.kind === "done" && `已可离线阅读（${state.pages} 页，占用 ${formatBytes(state.bytes)}）`}
          {state.kind === "error" && state.message}
          {state.kind === "idle" && "下载后，没有网络时也能阅读本材料全部章节"}
        </p>
      </div>
      {state.kind === "busy" && state.total !== null && (
        <progress className="mt-3 h-2 w-full accent-red-800" max={state.total} value={state.done} aria-label="离线下载进度">
          {state.done}/{state.total}
        </progress>
      )}
    </section>
  );
}
