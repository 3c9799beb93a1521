import type { SelectHTMLAttributes } from "react";

export type SelectOption = { value: string; label: string };

type Props = SelectHTMLAttributes<HTMLSelectElement> & {
  name: string;
  label: string;
  options: SelectOption[];
  errors?: string[];
  hint?: string;
};

/** A labelled select whose error is announced and linked to it, like `Field`. */
export function SelectField({ name, label, options, errors, hint, id, ...select }: Props) {
  const fieldId = id ?? `field-${name}`;
  const errorId = `${fieldId}-error`;
  const hintId = `${fieldId}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={fieldId} className="block font-medium text-stone-800">
        {label}
      </label>
      <select
        id={fieldId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 aria-invalid:border-red-700"
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
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
