"use client";

import { useActionState } from "react";
import type { AdminFormState } from "@/lib/schemas/admin";
import { FormMessage } from "../forms/field";

type Props = {
  action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;
  requirePass: boolean;
};

/** Sets or clears an assignment's 需通过测试, saying first what it does to the completion figures. */
export function RequirePassForm({ action, requirePass }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="max-w-xs space-y-2 whitespace-normal">
      <FormMessage ok={state.ok} message={state.message} />
      <p className="text-sm text-stone-700">
        {requirePass
          ? "取消后，读完全部章节即算完成：已读完但未通过自测的学员将计为已完成。"
          : "设置后，须读完全部章节并通过自测才算完成：已读完但未通过自测的学员将不再计为已完成。"}
      </p>
      <input type="hidden" name="requirePass" value={requirePass ? "0" : "1"} />
      <button type="submit" disabled={pending} className="rounded border border-stone-400 bg-white px-4 py-2 hover:bg-stone-100 disabled:opacity-60">
        {pending ? "正在保存…" : requirePass ? "改为读完即完成" : "改为需通过测试"}
      </button>
    </form>
  );
}
