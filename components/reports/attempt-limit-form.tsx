"use client";

import { useActionState } from "react";
import type { AdminFormState } from "@/lib/schemas/admin";
import { Field, FormMessage } from "../forms/field";

type Props = {
  action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;
  assignmentId: number;
  maxAttempts: number | null;
};

/** Changes one assignment's 测试次数上限 (empty for unlimited). */
export function AttemptLimitForm({ action, assignmentId, maxAttempts }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <Field
        id={`max-attempts-${assignmentId}`}
        name="maxAttempts"
        type="text"
        inputMode="numeric"
        label="测试次数上限"
        defaultValue={state.values?.maxAttempts ?? (maxAttempts === null ? "" : String(maxAttempts))}
        errors={state.fieldErrors?.maxAttempts}
        hint="1 至 99；留空为不限次数"
      />
      <button type="submit" disabled={pending} className="rounded border border-stone-400 bg-white px-4 py-2 hover:bg-stone-100 disabled:opacity-60">
        {pending ? "正在保存…" : "保存上限"}
      </button>
    </form>
  );
}
