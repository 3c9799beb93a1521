"use client";

import { useActionState } from "react";
import type { AdminFormState } from "@/lib/schemas/admin";
import { FormMessage } from "../forms/field";

type Action = (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;

type Props = {
  /** The server action, already bound to the reflection and the submission time shown. */
  action: Action;
  name: "body" | "reason";
  id: string;
  label: string;
  hint: string;
  maxLength: number;
  submitLabel: string;
  pendingLabel: string;
  /** For 点评: the random id that makes a form sent twice store one comment. */
  requestId?: string;
  tone?: "danger" | "normal";
};

/** One review form (点评 or 退回修改) on an administrator's 心得 page; the typed text survives a refusal. */
export function ReviewTextForm({ action, name, id, label, hint, maxLength, submitLabel, pendingLabel, requestId, tone = "normal" }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const errors = state.fieldErrors?.[name];
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <form action={formAction} className="space-y-2" noValidate>
      <FormMessage ok={state.ok} message={errors?.length ? undefined : state.message} />
      {requestId && <input type="hidden" name="requestId" value={requestId} />}
      <label htmlFor={id} className="block font-medium text-stone-800">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={4}
        maxLength={maxLength}
        required
        // A new value after a refusal remounts the field with what was typed.
        key={state.values?.[name] ?? ""}
        defaultValue={state.values?.[name] ?? ""}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, errors?.length ? errorId : null].filter(Boolean).join(" ")}
        className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 aria-invalid:border-red-700"
      />
      <p id={hintId} className="text-sm text-stone-600">
        {hint}
      </p>
      <div aria-live="polite">
        {errors?.length ? (
          <p id={errorId} className="text-sm text-red-800">
            {errors.join("；")}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        disabled={pending}
        className={
          tone === "danger"
            ? "rounded border border-red-800 bg-white px-4 py-2 font-medium text-red-900 hover:bg-red-50 disabled:opacity-60"
            : "rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 disabled:opacity-60"
        }
      >
        {pending ? pendingLabel : submitLabel}
      </button>
    </form>
  );
}
