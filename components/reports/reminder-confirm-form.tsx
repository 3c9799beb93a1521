"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import type { AdminFormState } from "@/lib/schemas/admin";
import { FormMessage } from "../forms/field";

type Props = {
  action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;
  /** How many readers the administrator is shown and confirms. */
  confirmed: number;
  unitId: number | null;
  backHref: string;
};

/**
 * The send button of the reminder confirmation: one submission only (a second click while the first
 * is on its way is ignored; the server's once-a-day key holds anyway), then the result in its place.
 */
export function ReminderConfirmForm({ action, confirmed, unitId, backHref }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const submitted = useRef(false);
  const done = state.ok;
  // A refused send (database unavailable, assignment withdrawn) may be tried again.
  useEffect(() => {
    if (!state.ok) submitted.current = false;
  }, [state]);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (submitted.current) event.preventDefault();
        submitted.current = true;
      }}
      className="space-y-3"
    >
      <input type="hidden" name="confirmed" value={confirmed} />
      {unitId === null ? null : <input type="hidden" name="unit" value={unitId} />}
      <div aria-live="polite">{state.message ? <FormMessage ok={state.ok} message={state.message} /> : null}</div>
      <div className="flex flex-wrap items-center gap-4">
        {done ? null : (
          <button
            type="submit"
            disabled={pending || confirmed === 0}
            className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 disabled:opacity-60"
          >
            {pending ? "正在发送…" : `确认发送提醒（${confirmed} 人）`}
          </button>
        )}
        <Link href={backHref} className="py-2 text-red-800 underline-offset-4 hover:underline">
          {done ? "返回学习情况" : "取消，返回学习情况"}
        </Link>
      </div>
    </form>
  );
}
