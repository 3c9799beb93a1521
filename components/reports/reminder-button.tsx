"use client";

import { useActionState } from "react";
import type { AdminFormState } from "@/lib/schemas/admin";
import { FormMessage } from "../forms/field";

type Props = { action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>; pendingCount: number | null };

/** Sends today's in-app reminder to the readers who have not finished (each at most once a day). */
export function ReminderButton({ action, pendingCount }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="space-y-2">
      <button
        type="submit"
        disabled={pending || pendingCount === 0}
        className="rounded border border-red-800 bg-white px-4 py-2 font-medium text-red-900 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? "正在发送…" : pendingCount === null ? "提醒未完成的学员" : `提醒未完成的 ${pendingCount} 名学员`}
      </button>
      <p className="text-sm text-stone-600">学员会在首页看到提醒、剩余小节和预计用时；同一学员每天最多提醒一次。</p>
      <FormMessage ok={state.ok} message={state.message} />
    </form>
  );
}
