"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { AdminFormState } from "@/lib/schemas/admin";
import { Field, FormMessage, SelectField, type SelectOption } from "../forms/field";

type Props = {
  action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;
  parentOptions: SelectOption[];
  initial: { name: string; code: string; parentId: string };
  submitLabel: string;
  parentHint?: string;
};

/** Create or edit a unit: name, code and parent. */
export function UnitForm({ action, parentOptions, initial, submitLabel, parentHint }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  // React resets a form after its action; the failed values come back in the state and are put back.
  const values = { ...initial, ...state.values };
  return (
    <form action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <Field name="name" label="名称" required maxLength={100} defaultValue={values.name} errors={state.fieldErrors?.name} />
      <Field
        name="code"
        label="编码"
        required
        maxLength={40}
        defaultValue={values.code}
        errors={state.fieldErrors?.code}
        hint="字母、数字、下划线或短横线，全系统唯一；批量导入账号时用它指明单位"
        autoComplete="off"
        spellCheck={false}
      />
      <SelectField
        key={values.parentId}
        name="parentId"
        label="上级单位"
        defaultValue={values.parentId}
        options={[{ value: "", label: "（无，作为顶级单位）" }, ...parentOptions]}
        errors={state.fieldErrors?.parentId}
        hint={parentHint}
      />
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" disabled={pending} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
          {pending ? "正在保存…" : submitLabel}
        </button>
        <Link href="/admin/units" className="text-red-800 underline-offset-4 hover:underline">
          返回单位列表
        </Link>
      </div>
    </form>
  );
}
