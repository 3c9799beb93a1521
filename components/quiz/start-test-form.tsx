"use client";

import { useActionState } from "react";
import { startTestAction } from "@/app/materials/[material]/test/actions";
import { initialActionState } from "@/lib/forms";
import { FormMessage } from "../forms/field";

/** The button that opens a test (开始测试, 再测一次). */
export function StartTestForm({ material, label }: { material: string; label: string }) {
  const [state, formAction, pending] = useActionState(startTestAction, initialActionState);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="material" value={material} />
      <FormMessage ok={state.ok} message={state.message} />
      <button type="submit" disabled={pending} className="min-h-11 rounded bg-red-800 px-6 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {pending ? "正在准备试题…" : label}
      </button>
    </form>
  );
}
