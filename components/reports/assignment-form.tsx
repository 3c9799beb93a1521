"use client";

import { useActionState } from "react";
import type { AdminFormState } from "@/lib/schemas/admin";
import { CheckboxField, Field, FormMessage, SelectField, type SelectOption } from "../forms/field";

type Props = {
  action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;
  materialOptions: SelectOption[];
  unitOptions: SelectOption[];
  today: string;
};

/** 布置学习任务: a material, a unit (and so its subtree), a start day and a due day. */
export function AssignmentForm({ action, materialOptions, unitOptions, today }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const values = { materialSlug: materialOptions[0]?.value ?? "", unitId: unitOptions[0]?.value ?? "", startDate: today, dueDate: "", maxAttempts: "", requirePass: "", ...state.values };
  return (
    <form action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <SelectField key={`m-${values.materialSlug}`} name="materialSlug" label="学习材料" defaultValue={values.materialSlug} options={materialOptions} errors={state.fieldErrors?.materialSlug} />
      <SelectField
        key={`u-${values.unitId}`}
        name="unitId"
        label="布置给单位"
        defaultValue={values.unitId}
        options={unitOptions}
        errors={state.fieldErrors?.unitId}
        hint="该单位及其全部下级单位的学员都会收到这项学习任务"
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="startDate" type="date" label="开始日期" required defaultValue={values.startDate} errors={state.fieldErrors?.startDate} />
        <Field name="dueDate" type="date" label="截止日期" required defaultValue={values.dueDate} errors={state.fieldErrors?.dueDate} hint="截止日当天仍可完成，次日起未完成者记为逾期" />
      </div>
      <Field
        name="maxAttempts"
        type="text"
        inputMode="numeric"
        label="测试次数上限（选填）"
        defaultValue={values.maxAttempts ?? ""}
        errors={state.fieldErrors?.maxAttempts}
        hint="每名学员最多可以参加几次这份材料的自测（1 至 99）；留空为不限次数"
      />
      <CheckboxField
        key={`p-${values.requirePass ?? ""}`}
        name="requirePass"
        value="1"
        label="需通过测试"
        defaultChecked={values.requirePass === "1"}
        errors={state.fieldErrors?.requirePass}
        hint="勾选后，学员读完全部章节并通过这份材料的自测才算完成；完成率、催学名单和导出都按此统计"
      />
      <button type="submit" disabled={pending} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {pending ? "正在布置…" : "布置学习任务"}
      </button>
    </form>
  );
}
