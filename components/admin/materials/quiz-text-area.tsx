import type { TextareaHTMLAttributes } from "react";

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string; label: string; errors?: string[]; hint?: string };

/** A labelled textarea whose hint and error are tied to it with aria-describedby. */
export function QuizTextArea({ name, label, errors, hint, ...rest }: Props) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium text-stone-800">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 aria-invalid:border-red-700"
        {...rest}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      <div aria-live="polite">
        {errors?.length ? (
          <p id={`${id}-error`} className="text-sm text-red-800">
            {errors.join("；")}
          </p>
        ) : null}
      </div>
    </div>
  );
}
