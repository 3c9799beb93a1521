"use client";

import { useActionState } from "react";
import type { QuizFormState } from "@/lib/materials/quiz-form";
import { Field, FormMessage } from "../../forms/field";

type Props = {
  action: (state: QuizFormState, formData: FormData) => Promise<QuizFormState>;
  initial: { passPercent: string; questionsPerTest: string; hours: string };
};

/** 及格线, 每次抽题数 and 学时 of a published material's self-test. */
export function QuizSettingsForm({ action, initial }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const values = { ...initial, ...state.values };
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="passPercent" label="及格线（%）" inputMode="numeric" defaultValue={values.passPercent} errors={errors.passPercent} hint="答对题数的比例，1–100" />
        <Field name="questionsPerTest" label="每次抽题数" inputMode="numeric" defaultValue={values.questionsPerTest} errors={errors.questionsPerTest} hint="题目不足时全部抽取" />
        <Field name="hours" label="学时" inputMode="decimal" defaultValue={values.hours} errors={errors.hours} hint="0.5 的整数倍" />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {pending ? "正在保存…" : "保存设置"}
      </button>
    </form>
  );
}
