"use client";

import { useEffect, useState } from "react";

type Props = { material: string; section: string; paragraphId: string | null; number: number };

const KEY_PREFIX = "xxyd:resume-offered:v1:";

function readAnswered(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled by policy: the offer shows on each visit
  }
}

/**
 * 继续上次阅读位置: offered once when a reader reopens a section they stopped in the middle of (the
 * server's last paragraph read, so it works from another device too). Nothing scrolls unless the
 * reader asks; once they jump or decline, this stopping point is not offered again in this browser.
 * The region is polite and present from the start, so screen readers announce the offer.
 */
export function ResumeOffer({ material, section, paragraphId, number }: Props) {
  const key = `${KEY_PREFIX}${material}/${section}`;
  const [open, setOpen] = useState(false);
  useEffect(() => {
    // Arriving at a #paragraph (继续学习, a search result) already is the jump.
    setOpen(Boolean(paragraphId) && !window.location.hash && readAnswered(key) !== paragraphId);
  }, [key, paragraphId]);

  const answer = () => {
    setOpen(false);
    try {
      if (paragraphId) window.localStorage.setItem(key, paragraphId);
    } catch {
      // storage disabled: nothing to remember it in
    }
  };
  const jump = () => {
    answer();
    const target = paragraphId ? document.getElementById(paragraphId) : null;
    if (!target) return;
    // Focus carries keyboard and screen-reader users there too; the URL names the place for reloads.
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    window.history.replaceState(window.history.state, "", `#${target.id}`);
  };

  return (
    <div aria-live="polite" className="print:hidden">
      {open && (
        <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2 rounded border border-sky-200 bg-sky-50 p-3 text-sky-950">
          <p className="w-full sm:w-auto">上次读到第 {number} 段。</p>
          <button type="button" onClick={jump} className="rounded bg-red-800 px-3 py-1.5 font-medium text-white hover:bg-red-900">
            继续上次阅读位置
          </button>
          <button type="button" onClick={answer} className="px-1 py-1.5 text-sky-900 underline">
            从头阅读
          </button>
        </div>
      )}
    </div>
  );
}
