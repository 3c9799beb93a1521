import type { ChangeEvent } from "react";
import { CONTROL_CLASS, CustomField } from "../../forms/field";

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
  return (
    <CustomField
      id={id}
      name={name}
      label="依据的段落"
      hint="按章节分组，显示每段开头的文字。读者答错时，“回看原文”会带他到这一段。"
      errors={errors}
      control={(aria) => (
        <select
          {...aria}
          name={name}
          defaultValue={defaultValue ?? ""}
          onChange={onChange ? (event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value) : undefined}
          className={CONTROL_CLASS}
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
      )}
    />
  );
}
