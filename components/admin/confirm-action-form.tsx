"use client";

import { useActionState, useId } from "react";
import type { OneTimePasswordState } from "@/lib/schemas/admin";
import { FormMessage } from "../forms/field";
import { OneTimePassword } from "./one-time-password";

type Props = {
  action: (state: OneTimePasswordState, formData: FormData) => Promise<OneTimePasswordState>;
  /** The confirmation box's text; without it the button acts at once (re-enabling an account). */
  confirmLabel?: string;
  submitLabel: string;
  pendingLabel: string;
  tone?: "danger" | "normal";
};

/**
 * One button that changes an account (停用, 启用, 重置密码). Risky ones need a ticked box first,
 * which works without JavaScript and is checked again on the server.
 */
export function ConfirmActionForm({ action, confirmLabel, submitLabel, pendingLabel, tone = "danger" }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const id = useId();
  const errorId = `${id}-error`;
  const confirmErrors = state.fieldErrors?.confirm;
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <div aria-live="polite" className="space-y-3">
        {state.message ? <FormMessage ok={state.ok} message={state.message} /> : null}
        {state.ok && state.oneTimePassword ? <OneTimePassword password={state.oneTimePassword} /> : null}
      </div>
      {confirmLabel ? (
        <div>
          <label className="flex items-start gap-2 text-stone-800">
            <input
              type="checkbox"
              name="confirm"
              required
              aria-invalid={confirmErrors?.length ? true : undefined}
              aria-describedby={confirmErrors?.length ? errorId : undefined}
              className="mt-1 size-4 accent-red-800"
            />
            <span>{confirmLabel}</span>
          </label>
          <div aria-live="polite">
            {confirmErrors?.length ? (
              <p id={errorId} className="text-sm text-red-800">
                {confirmErrors.join("；")}
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
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
