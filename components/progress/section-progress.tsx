"use client";

import { useEffect, useMemo, useState } from "react";
import { PROGRESS_EVENT, PROGRESS_REQUEST_EVENT } from "@/lib/progress/tracker/events";
import { useMaterialProgress } from "./progress-store";

type Props = { material: string; section: string; paragraphs: Array<{ id: string; chars: number }> };

/**
 * The reading-progress bar at the top of a section: what the server has recorded, plus what the
 * tracker has measured on this page since, and the "本节内容已更新" notice after a revision.
 */
export function SectionProgress({ material, section, paragraphs }: Props) {
  const data = useMaterialProgress(material, section);
  const [live, setLive] = useState<string[]>([]);
  useEffect(() => {
    const onProgress = (event: WindowEventMap[typeof PROGRESS_EVENT]) => {
      if (event.detail.material === material && event.detail.section === section) setLive(event.detail.readIds);
    };
    window.addEventListener(PROGRESS_EVENT, onProgress);
    // The tracker may have started first: ask it for what it has measured so far.
    window.dispatchEvent(new Event(PROGRESS_REQUEST_EVENT));
    return () => window.removeEventListener(PROGRESS_EVENT, onProgress);
  }, [material, section]);

  const status = data?.progress.sections.find((s) => s.slug === section);
  const changed = useMemo(() => status?.changedParagraphIds ?? [], [status]);
  // Mark what changed in the text itself; the text is prerendered, so this is the one place to do it.
  useEffect(() => {
    for (const id of changed) document.getElementById(id)?.classList.add("changed");
  }, [changed]);

  const read = new Set([...(data?.readParagraphIds ?? []), ...live]);
  const total = paragraphs.reduce((sum, p) => sum + p.chars, 0);
  const percent = Math.round((paragraphs.reduce((sum, p) => sum + (read.has(p.id) ? p.chars : 0), 0) / Math.max(1, total)) * 100);
  const label = status?.state === "done" ? "已完成 ✓" : `已读 ${percent}%`;

  // The bar stays on top of the text it scrolls over: an opaque background as wide as the page's
  // padding (a translucent one let the text show through on phones), above the text but below the
  // notes button, toolbar and drawer (z-20 and up).
  return (
    <div className="sticky top-0 z-10 -mx-4 mb-4 border-b border-stone-200 bg-stone-50 px-4 py-2 sm:-mx-6 sm:px-6 lg:mx-0 lg:px-0 print:hidden">
      <div className="flex items-center gap-3 text-sm text-stone-700">
        <div
          role="progressbar"
          aria-label="本节阅读进度"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={label}
          className="h-2 flex-1 overflow-hidden rounded bg-stone-200"
        >
          <div className="h-full bg-red-800 transition-[width]" style={{ width: `${percent}%` }} />
        </div>
        <span aria-hidden="true">{label}</span>
      </div>
      {status?.state === "updated" && (
        <div role="status" className="mt-2 rounded bg-amber-50 p-3 text-amber-900">
          <p className="font-medium">本节内容已更新</p>
          <p className="mt-1">
            您完成本节之后，有 {changed.length} 段新增或修改（已在文中标出），读完这些段落即可重新完成：
            {changed.map((id) => (
              <a key={id} href={`#${id}`} className="ml-2 underline">
                第 {paragraphs.findIndex((p) => p.id === id) + 1} 段
              </a>
            ))}
          </p>
        </div>
      )}
    </div>
  );
}
