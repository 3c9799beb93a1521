"use client";

import type { ReactNode, RefObject } from "react";

type Entry = { id: string; node: ReactNode };

type Props = {
  open: boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
  count: number;
  loadError: string;
  /** Note cards in text order, and those whose passage is gone (原文已修改). */
  placed: Entry[];
  orphans: Entry[];
  onClose: () => void;
};

/**
 * The 本节笔记 panel: a side panel on wide screens, beside the text (the page makes room for it while
 * it is open, see globals.css), a drawer along the bottom on phones. It is not modal; Escape or 关闭
 * returns focus to the button that opened it. The Alt+H / Alt+N hint shows only where a keyboard is likely.
 */
export function NotesPanel({ open, headingRef, count, loadError, placed, orphans, onClose }: Props) {
  return (
    <section
      id="notes-panel"
      aria-labelledby="notes-panel-heading"
      hidden={!open}
      className="fixed inset-x-0 bottom-0 z-40 flex max-h-[80vh] flex-col rounded-t-xl border border-stone-300 bg-white shadow-2xl lg:inset-y-0 lg:left-auto lg:right-0 lg:max-h-none lg:w-96 lg:rounded-none"
    >
      <div className="flex items-center justify-between border-b border-stone-200 px-4 py-3">
        <h2 id="notes-panel-heading" ref={headingRef} tabIndex={-1} className="text-lg font-bold">
          本节笔记（{count}）
        </h2>
        <button type="button" onClick={onClose} className="rounded border border-stone-400 px-3 py-1 hover:bg-stone-100">
          关闭
        </button>
      </div>
      <div className="overflow-y-auto px-4 py-3">
        {loadError && <p className="mb-3 rounded bg-amber-50 p-2 text-sm text-amber-900">{loadError}</p>}
        {count === 0 && !loadError && <p className="text-stone-700">在正文中选中一段文字，点“划线”或“写笔记”<span className="keyboard-hint">（键盘：Alt+H / Alt+N）</span>。笔记仅自己可见。</p>}
        <ul className="space-y-4">
          {placed.map((entry) => (
            <li key={entry.id}>{entry.node}</li>
          ))}
        </ul>
        {orphans.length > 0 && (
          <section aria-labelledby="orphans-heading" className="mt-6">
            <h3 id="orphans-heading" className="font-bold text-amber-900">
              原文已修改（{orphans.length}）
            </h3>
            <p className="mb-2 text-sm text-stone-600">材料修订后，以下笔记所引的原文已找不到。笔记和引文都保留着。</p>
            <ul className="space-y-4">
              {orphans.map((entry) => (
                <li key={entry.id}>{entry.node}</li>
              ))}
            </ul>
          </section>
        )}
        <p className="mt-6 text-sm">
          <a href="/me/notes" className="text-red-800 underline">
            我的笔记：全部笔记、搜索和导出
          </a>
        </p>
      </div>
    </section>
  );
}
