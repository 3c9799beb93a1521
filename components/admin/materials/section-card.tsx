"use client";

import { useId, useRef, useState } from "react";
import type { EditorSection } from "@/lib/materials/editor";

type Props = {
  section: EditorSection;
  index: number;
  isLast: boolean;
  onRename: (title: string) => string | null;
  onMerge: () => void;
  onSplit: (paragraphIndex: number) => void;
  onDrop: (paragraphIndex: number) => void;
};

const SMALL_BUTTON = "rounded border border-stone-300 bg-white px-2 py-1 text-sm text-stone-800 hover:bg-stone-100";

/**
 * One section of the preview: its title (renamable), and each paragraph as readers will see it,
 * with the controls to drop it or start a new section at it. Probable junk is highlighted.
 */
export function SectionCard({ section, index, isLast, onRename, onMerge, onSplit, onDrop }: Props) {
  const id = useId();
  const [renameError, setRenameError] = useState<string | null>(null);

  const titleInput = useRef<HTMLInputElement>(null);

  // Not a nested form (the editor is one form): the button reads the input, Enter in it does the same.
  function rename() {
    setRenameError(onRename(titleInput.current?.value ?? ""));
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded border border-stone-200 bg-white p-3 sm:p-4" data-section={section.slug}>
      <div className="mb-3 space-y-2 border-b border-stone-200 pb-3">
        <p className="text-sm text-stone-600">
          第 {index + 1} 节 · 网址名 {section.slug} · {section.paragraphs.length} 段
        </p>
        <h3 id={`${id}-title`} className="text-xl font-bold break-words">
          {section.title}
        </h3>
        <div className="flex flex-wrap items-start gap-2">
          <label htmlFor={`${id}-rename`} className="sr-only">
            第 {index + 1} 节的新名称
          </label>
          <input
            key={section.title}
            id={`${id}-rename`}
            ref={titleInput}
            defaultValue={section.title}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              event.preventDefault();
              rename();
            }}
            aria-invalid={renameError ? true : undefined}
            aria-describedby={renameError ? `${id}-rename-error` : undefined}
            className="min-w-0 flex-1 basis-48 rounded border border-stone-400 px-2 py-1 text-base"
          />
          <button type="button" onClick={rename} className={SMALL_BUTTON}>
            改名
          </button>
          {isLast ? null : (
            <button type="button" onClick={onMerge} className={SMALL_BUTTON}>
              与下一节合并
            </button>
          )}
        </div>
        <div aria-live="polite">
          {renameError ? (
            <p id={`${id}-rename-error`} className="text-sm text-red-800">
              {renameError}
            </p>
          ) : null}
        </div>
      </div>
      <ol className="space-y-2">
        {section.paragraphs.map((paragraph, i) => {
          const junk = paragraph.flags.includes("junk");
          return (
            <li
              key={`${i}-${paragraph.text.slice(0, 20)}`}
              data-junk={junk ? "true" : undefined}
              className={junk ? "rounded border-2 border-amber-400 bg-amber-50 p-2" : "rounded p-2 hover:bg-stone-50"}
            >
              {junk ? <p className="mb-1 text-sm font-medium text-amber-900">疑似无关内容（如网页的会员、扫码提示），建议删除</p> : null}
              <div className="reading overflow-x-auto break-words" dangerouslySetInnerHTML={{ __html: paragraph.html ?? "" }} />
              <div className="flex flex-wrap gap-2">
                <button type="button" onClick={() => onDrop(i)} className={SMALL_BUTTON}>
                  删除此段<span className="sr-only">（第 {index + 1} 节第 {i + 1} 段）</span>
                </button>
                {i > 0 ? (
                  <button type="button" onClick={() => onSplit(i)} className={SMALL_BUTTON}>
                    从此段起拆为新的一节<span className="sr-only">（第 {index + 1} 节第 {i + 1} 段）</span>
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
