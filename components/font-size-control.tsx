"use client";

import { useEffect, useState } from "react";
import { DEFAULT_FONT_SIZE, FONT_SIZES, FONT_SIZE_STORAGE_KEY, isFontSize, type FontSize } from "@/lib/font-size";

/** Lets the reader pick a text size; the choice is kept in this browser and applied on every page. */
export function FontSizeControl() {
  const [size, setSize] = useState<FontSize>(DEFAULT_FONT_SIZE);

  useEffect(() => {
    const applied = document.documentElement.getAttribute("data-font-size");
    if (isFontSize(applied)) setSize(applied);
  }, []);

  function choose(next: FontSize) {
    setSize(next);
    document.documentElement.setAttribute("data-font-size", next);
    try {
      localStorage.setItem(FONT_SIZE_STORAGE_KEY, next);
    } catch {
      // Private mode or a full quota: the size still applies to this page.
    }
  }

  return (
    <div role="group" aria-label="字号" className="flex items-center gap-1 print:hidden">
      <span className="mr-1 text-sm text-stone-600 max-sm:hidden" aria-hidden="true">
        字号
      </span>
      {FONT_SIZES.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={size === option.value}
          onClick={() => choose(option.value)}
          className="min-h-11 min-w-11 rounded border border-stone-300 bg-white px-2 text-sm text-stone-800 aria-pressed:border-red-800 aria-pressed:bg-red-800 aria-pressed:text-white"
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
