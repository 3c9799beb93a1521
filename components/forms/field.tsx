import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

type ShellProps = { name: string; id?: string; label: string; errors?: string[]; hint?: string };

/** The ids that tie a control to its hint and error, and its aria-describedby. */
function controlIds({ name, id, errors, hint }: ShellProps) {
  const fieldId = id ?? `field-${name}`;
  const errorId = `${fieldId}-error`;
  const hintId = `${fieldId}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return { fieldId, errorId, hintId, describedBy };
}

/** A control's hint and its announced error, under it (`indent`: under a checkbox's label text). */
function FieldNotes({ ids, hint, errors, indent = false }: { ids: ReturnType<typeof controlIds>; hint?: string; errors?: string[]; indent?: boolean }) {
  const pad = indent ? "pl-6 " : "";
  return (
    <>
      {hint && (
        <p id={ids.hintId} className={`${pad}text-sm text-stone-600`}>
          {hint}
        </p>
      )}
      <div aria-live="polite">
        {errors?.length ? (
          <p id={ids.errorId} className={`${pad}text-sm text-red-800`}>
            {errors.join("；")}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** Label, control, hint and an announced error: what every form field shares. */
function FieldShell({ ids, label, hint, errors, children }: { ids: ReturnType<typeof controlIds>; label: string; hint?: string; errors?: string[]; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={ids.fieldId} className="block font-medium text-stone-800">
        {label}
      </label>
      {children}
      <FieldNotes ids={ids} hint={hint} errors={errors} />
    </div>
  );
}

export const CONTROL_CLASS = "w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 aria-invalid:border-red-700";

/**
 * The label, hint and announced error of a control that is not a plain input or select (e.g. a select
 * with option groups): `control` gets the id and aria attributes to put on it.
 */
export function CustomField({ name, label, errors, hint, id, control }: ShellProps & { control: (aria: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode }) {
  const ids = controlIds({ name, id, label, errors, hint });
  return (
    <FieldShell ids={ids} label={label} hint={hint} errors={errors}>
      {control({ id: ids.fieldId, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": ids.describedBy })}
    </FieldShell>
  );
}

/** A labelled input whose error is announced and linked to it with aria-describedby. */
export function Field({ name, label, errors, hint, id, ...input }: InputHTMLAttributes<HTMLInputElement> & ShellProps) {
  const ids = controlIds({ name, id, label, errors, hint });
  return (
    <FieldShell ids={ids} label={label} hint={hint} errors={errors}>
      <input id={ids.fieldId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={ids.describedBy} className={CONTROL_CLASS} {...input} />
    </FieldShell>
  );
}

export type SelectOption = { value: string; label: string };

/** A labelled select, with the same hint and error handling as `Field`. */
export function SelectField({ name, label, options, errors, hint, id, ...select }: SelectHTMLAttributes<HTMLSelectElement> & ShellProps & { options: SelectOption[] }) {
  const ids = controlIds({ name, id, label, errors, hint });
  return (
    <FieldShell ids={ids} label={label} hint={hint} errors={errors}>
      <select id={ids.fieldId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={ids.describedBy} className={CONTROL_CLASS} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** A checkbox with its label beside it, and the same hint and error handling as `Field`. */
export function CheckboxField({ name, label, errors, hint, id, ...input }: InputHTMLAttributes<HTMLInputElement> & ShellProps) {
  const ids = controlIds({ name, id, label, errors, hint });
  return (
    <div className="space-y-1">
      <label className="flex items-start gap-2 font-medium text-stone-800">
        <input
          type="checkbox"
          id={ids.fieldId}
          name={name}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={ids.describedBy}
          className="mt-1 size-4 shrink-0 accent-red-800"
          {...input}
        />
        <span>{label}</span>
      </label>
      <FieldNotes ids={ids} hint={hint} errors={errors} indent />
    </div>
  );
}

/** A labelled textarea, with the same hint and error handling as `Field`. */
export function TextAreaField({ name, label, errors, hint, id, ...textarea }: TextareaHTMLAttributes<HTMLTextAreaElement> & ShellProps) {
  const ids = controlIds({ name, id, label, errors, hint });
  return (
    <FieldShell ids={ids} label={label} hint={hint} errors={errors}>
      <textarea id={ids.fieldId} name={name} rows={3} aria-invalid={errors?.length ? true : undefined} aria-describedby={ids.describedBy} className={CONTROL_CLASS} {...textarea} />
    </FieldShell>
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
