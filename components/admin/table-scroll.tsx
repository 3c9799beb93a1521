import type { ReactNode } from "react";

/**
 * Lets a wide table scroll sideways on a phone instead of widening the page. Focusable and
 * labelled, so keyboard users can scroll it too. `relative` keeps absolutely positioned children
 * (sr-only link text) inside the scroll box, where they cannot widen the page.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div tabIndex={0} role="region" aria-label={label} className="relative overflow-x-auto rounded border border-stone-200 bg-white">
      {children}
    </div>
  );
}

export const thClass = "whitespace-nowrap border-b border-stone-300 bg-stone-100 px-3 py-2 text-left font-medium text-stone-800";
export const tdClass = "border-b border-stone-200 px-3 py-2 align-top";
