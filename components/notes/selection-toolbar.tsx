"use client";

import type { PassageSelection } from "@/lib/notes/highlight-dom";

type Props = {
  selection: PassageSelection | { error: string } | null;
  notice: string;
  canUndo: boolean;
  onAdd: (withNote: boolean) => void;
  onUndo: () => void;
};

/**
 * The bar along the bottom of the screen: 划线 / 写笔记 for the selected passage (away from the
 * phone's own selection menu), 撤销 after a delete, and short notices. Buttons keep the selection
 * (mousedown is not allowed to clear it); Alt+H / Alt+N do the same from the keyboard.
 */
export function SelectionToolbar({ selection, notice, canUndo, onAdd, onUndo }: Props) {
  const canAdd = selection !== null && !("error" in selection);
  const message = selection && "error" in selection ? selection.error : !canAdd && !canUndo ? notice : "";
  return (
    <>
      {/* Always present, so screen readers announce what changes in it. */}
      <p role="status" aria-live="polite" className="sr-only">
        {canAdd ? `已选 ${selection.quote.length} 字，可划线或写笔记` : canUndo ? "已删除一条笔记，可撤销" : message}
      </p>
      {(canAdd || canUndo || message) && (
        <div data-note-toolbar className="fixed bottom-4 left-1/2 z-30 flex w-[min(94vw,34rem)] -translate-x-1/2 flex-wrap items-center gap-2 rounded-lg bg-stone-900 px-3 py-2 text-white shadow-lg">
          {canAdd && (
            <>
              <span className="text-sm">已选 {selection.quote.length} 字</span>
              <button type="button" aria-keyshortcuts="Alt+H" onMouseDown={(e) => e.preventDefault()} onClick={() => onAdd(false)} className="rounded bg-amber-300 px-3 py-1 font-medium text-stone-900 hover:bg-amber-200">
                划线
              </button>
              <button type="button" aria-keyshortcuts="Alt+N" onMouseDown={(e) => e.preventDefault()} onClick={() => onAdd(true)} className="rounded bg-white px-3 py-1 font-medium text-stone-900 hover:bg-stone-200">
                写笔记
              </button>
            </>
          )}
          {canUndo && (
            <>
              <span className="text-sm">已删除一条笔记</span>
              <button type="button" onClick={onUndo} className="rounded bg-white px-3 py-1 font-medium text-stone-900 hover:bg-stone-200">
                撤销
              </button>
            </>
          )}
          {message && <span className="text-sm">{message}</span>}
        </div>
      )}
    </>
  );
}
