import type { InputHTMLAttributes } from "react";

type Props = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
};

/** A labelled input whose error is announced and linked to it with aria-describedby. */
export function Field({ name, label, errors, hint, id, ...input }: Props) {
  const fieldId = id ?? `field-${name}`;
  const errorId = `${fieldId}-error`;
  const hintId = `${fieldId}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={fieldId} className="block font-medium text-stone-800">
        {label}
      </label>
      <input
        id={fieldId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 aria-invalid:border-red-700"
        {...input}
      />
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

/** The form-level message (success or failure), announced politely. */
export function FormMessage({ ok, message }: { ok: boolean; message?: string }) {
  return (
    <div aria-live="polite">
      {message ? (
        <p role={ok ? "status" : "alert"} className={ok ? "rounded bg-green-50 p-3 text-green-900" : "rounded bg-red-50 p-3 text-red-900"}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
