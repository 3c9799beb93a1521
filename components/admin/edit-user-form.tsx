"use client";

import { useActionState } from "react";
import type { AdminFormState } from "@/lib/schemas/admin";
import { Field, FormMessage, SelectField, type SelectOption } from "../forms/field";

type Props = {
  action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;
  unitOptions: SelectOption[];
  roleOptions: SelectOption[];
  initial: { name: string; unitId: string; role: string };
};

/** Edit an account's 姓名, 单位 and 角色 (the account name never changes). */
export function EditUserForm({ action, unitOptions, roleOptions, initial }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const values = { ...initial, ...state.values };
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <Field name="name" label="姓名" required maxLength={50} autoComplete="off" defaultValue={values.name} errors={state.fieldErrors?.name} />
      <SelectField key={`unit-${values.unitId}`} name="unitId" label="单位" defaultValue={values.unitId} options={unitOptions} errors={state.fieldErrors?.unitId} />
      <SelectField key={`role-${values.role}`} name="role" label="角色" defaultValue={values.role} options={roleOptions} errors={state.fieldErrors?.role} />
      <button type="submit" disabled={pending} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {pending ? "正在保存…" : "保存"}
      </button>
    </form>
  );
}
