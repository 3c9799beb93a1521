import type { ChangeEvent } from "react";

/** A paragraph of the current text as the select offers it: its value, opening text and default quote. */
export type ParagraphOption = { value: string; label: string; quote: string };
export type ParagraphGroup = { title: string; paragraphs: ParagraphOption[] };

type Props = {
  id: string;
  name?: string;
  groups: ParagraphGroup[];
  defaultValue?: string;
  errors?: string[];
  onChange?: (value: string) => void;
};

/**
 * The paragraph a question is about, chosen from the current text: one select, the sections as
 * groups, each paragraph shown by its number and opening text (works without JavaScript).
 */
export function ParagraphSelect({ id, name = "paragraph", groups, defaultValue, errors, onChange }: Props) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium text-stone-800">
        依据的段落
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, errors?.length ? errorId : null].filter(Boolean).join(" ")}
        onChange={onChange ? (event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value) : undefined}
        className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 aria-invalid:border-red-700"
      >
        <option value="">请选择章节中的段落</option>
        {groups.map((group) => (
          <optgroup key={group.title} label={group.title}>
            {group.paragraphs.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p id={hintId} className="text-sm text-stone-600">
        按章节分组，显示每段开头的文字。读者答错时，“回看原文”会带他到这一段。
      </p>
      <div aria-live="polite">
        {errors?.length ? (
          <p id={errorId} className="text-sm text-red-800">
            {errors.join("；")}
          </p>
        ) : null}
      </div>
    </div>
  );
}
