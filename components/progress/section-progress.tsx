"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { getCompletionShortfall } from "@/lib/progress/config";
import { PROGRESS_EVENT, PROGRESS_FLUSH_EVENT, PROGRESS_REQUEST_EVENT, type ProgressEventDetail } from "@/lib/progress/tracker/events";
import { showLiveSectionStatus, useMaterialProgress } from "./progress-store";
import { ResumeOffer } from "./resume-offer";

type Props = { material: string; section: string; paragraphs: Array<{ id: string; chars: number }> };

/** What still stands between the reader and 已完成, in words; "" when nothing does. */
function describeMissing(missing: { chars: number; seconds: number }): string {
  const minutes = `阅读约 ${Math.ceil(missing.seconds / 60)} 分钟`;
  if (missing.chars > 0) return `再读 ${missing.chars} 字${missing.seconds > 0 ? `、${minutes}` : ""}即可完成本节`;
  return missing.seconds > 0 ? `再${minutes}即可完成本节` : "";
}

/**
 * The reading-progress bar at the top of a section: what the server has recorded, plus what the
 * tracker has measured on this page since; what is still missing for 已完成, by the same rule the
 * server applies (lib/progress/config.ts); the "本节内容已更新" notice after a revision; and the offer
 * to continue where the reader stopped. It also shows its live figures to the table of contents.
 */
export function SectionProgress({ material, section, paragraphs }: Props) {
  const data = useMaterialProgress(material, section, false);
  const [live, setLive] = useState<ProgressEventDetail | null>(null);
  useEffect(() => {
    const onProgress = (event: WindowEventMap[typeof PROGRESS_EVENT]) => {
      if (event.detail.material === material && event.detail.section === section) setLive(event.detail);
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

  const read = new Set([...(data?.readParagraphIds ?? []), ...(live?.readIds ?? [])]);
  const total = paragraphs.reduce((sum, p) => sum + p.chars, 0);
  const readChars = paragraphs.reduce((sum, p) => sum + (read.has(p.id) ? p.chars : 0), 0);
  const percent = Math.round((readChars / Math.max(1, total)) * 100);
  const done = status?.state === "done";
  // The server's figure, or what was loaded plus this page view, whichever is more (the server may
  // not have this view's latest seconds yet).
  const loadedSeconds = data?.loaded.progress.sections.find((s) => s.slug === section)?.activeSeconds ?? 0;
  const activeSeconds = Math.max(status?.activeSeconds ?? 0, loadedSeconds + (live?.activeSeconds ?? 0));
  const missing = getCompletionShortfall({ readChars, activeSeconds, sectionChars: total });
  const met = missing.chars === 0 && missing.seconds === 0;
  const waiting = Boolean(status) && !done && met;
  const label = done ? "已完成 ✓" : `已读 ${percent}%`;
  // Where unread text starts, when it is not simply the top of the section.
  const firstUnread = missing.chars > 0 && read.size > 0 ? paragraphs.findIndex((p) => !read.has(p.id)) : -1;

  // The table of contents follows the bar: 在读 n% as the reader reads, 已完成 when the server says so.
  const shown = useRef("");
  useEffect(() => {
    if (!status || status.state === "done" || status.state === "updated") return;
    const state = percent > 0 || activeSeconds > 0 ? "reading" : status.state;
    if (shown.current === `${state}/${percent}`) return;
    shown.current = `${state}/${percent}`;
    showLiveSectionStatus(material, { ...status, state, percent });
  }, [material, status, percent, activeSeconds]);

  // The rule is met by this page's count: deliver now, for the server's 已完成 (asked again while it is due).
  useEffect(() => {
    if (!waiting) return;
    const ask = () => window.dispatchEvent(new Event(PROGRESS_FLUSH_EVENT));
    ask();
    const timer = window.setInterval(ask, 10_000);
    return () => window.clearInterval(timer);
  }, [waiting]);

  // Completion is announced once, when it happens on this page; the figures above change too often
  // to be read out.
  const [announced, setAnnounced] = useState("");
  const wasDone = useRef<boolean | null>(null);
  useEffect(() => {
    if (!status) return;
    if (wasDone.current === false && done) setAnnounced("本节已完成 ✓");
    wasDone.current = done;
  }, [status, done]);

  // Where the reader stopped before this page view (not where beats since have moved it).
  const before = data?.loaded.progress.sections.find((s) => s.slug === section);
  const lastIndex = before?.lastParagraphId && before.state !== "done" ? paragraphs.findIndex((p) => p.id === before.lastParagraphId) : -1;
  const idle = !waiting && missing.seconds > 0 && Boolean(live) && !live?.active;
  const missingText = waiting ? "已达到完成要求，正在保存阅读记录…" : status && !done && status.state !== "updated" ? describeMissing(missing) : "";

  // The bar stays on top of the text it scrolls over: an opaque background as wide as the page's
  // padding (a translucent one let the text show through on phones), above the text but below the
  // notes button, toolbar and drawer (z-20 and up).
  return (
    <>
      <div className="sticky top-0 z-10 -mx-4 mb-2 border-b border-stone-200 bg-stone-50 px-4 py-1.5 sm:-mx-6 sm:mb-4 sm:py-2 sm:px-6 lg:mx-0 lg:px-0 print:hidden">
        <div className="flex items-center gap-3 text-sm text-stone-700">
          <div
            role="progressbar"
            aria-label="本节阅读进度"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={label}
            aria-describedby={missingText ? "section-progress-missing" : undefined}
            className="h-2 flex-1 overflow-hidden rounded bg-stone-200"
          >
            <div className="h-full bg-red-800 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <span aria-hidden="true">{label}</span>
        </div>
        {/* One line at most, so the text still starts on a phone's first screen: until the reader's
            first real interaction, what matters is that time is not counting yet. */}
        {missingText && (
          <p id="section-progress-missing" className="mt-1 text-xs text-stone-700 sm:text-sm">
            {idle ? (
              <span className="text-amber-900">未计时：滚动或点按页面后开始计时</span>
            ) : (
              <>
                {missingText}
                {firstUnread >= 0 && !waiting && (
                  <>
                    （
                    <a href={`#${paragraphs[firstUnread]?.id}`} className="text-red-800 underline">
                      第 {firstUnread + 1} 段起未读
                    </a>
                    ）
                  </>
                )}
              </>
            )}
          </p>
        )}
        <p role="status" className="sr-only">
          {announced}
        </p>
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
      <ResumeOffer material={material} section={section} paragraphId={lastIndex > 0 && !done ? (paragraphs[lastIndex]?.id ?? null) : null} number={lastIndex + 1} />
    </>
  );
}
