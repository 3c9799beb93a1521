"use client";

import Link from "next/link";
import { useActionState } from "react";
import { createUserAction } from "@/app/admin/users/actions";
import type { OneTimePasswordState } from "@/lib/schemas/admin";
import { OneTimePassword } from "./one-time-password";
import { Field, FormMessage, SelectField, type SelectOption } from "../forms/field";

type Props = { unitOptions: SelectOption[]; roleOptions: SelectOption[]; defaultUnitId?: string };

/** New account: 姓名, 账号, 单位, 角色. The one-time password comes back in the action state, once. */
export function NewUserForm({ unitOptions, roleOptions, defaultUnitId = "" }: Props) {
  const [state, formAction, pending] = useActionState(createUserAction, { ok: false } as OneTimePasswordState);
  const values = { name: "", account: "", unitId: defaultUnitId, role: "READER", ...state.values };
  return (
    <div className="max-w-xl space-y-6">
      <div aria-live="polite" className="space-y-3">
        {state.ok && state.oneTimePassword ? (
          <div role="status" className="space-y-3">
            <p className="rounded bg-green-50 p-3 text-green-900">{state.message}</p>
            <OneTimePassword password={state.oneTimePassword} account={state.account} />
            {state.userId ? (
              <p>
                <Link href={`/admin/users/${state.userId}`} className="text-red-800 underline-offset-4 hover:underline">
                  查看该账号
                </Link>
                <span className="text-stone-600">（可以继续在下方新建下一个账号）</span>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      <form action={formAction} className="space-y-4" noValidate>
        {state.ok ? null : <FormMessage ok={false} message={state.message} />}
        <Field name="name" label="姓名" required maxLength={50} autoComplete="off" defaultValue={values.name} errors={state.fieldErrors?.name} />
        <Field
          name="account"
          label="账号"
          required
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          defaultValue={values.account}
          errors={state.fieldErrors?.account}
          hint="工号或手机号等，用于登录，创建后不能修改；可用字母、数字和 . _ @ -"
        />
        <SelectField
          key={`unit-${values.unitId}`}
          name="unitId"
          label="单位"
          required
          defaultValue={values.unitId}
          options={[{ value: "", label: "请选择单位" }, ...unitOptions]}
          errors={state.fieldErrors?.unitId}
        />
        <SelectField key={`role-${values.role}`} name="role" label="角色" defaultValue={values.role} options={roleOptions} errors={state.fieldErrors?.role} />
        <button type="submit" disabled={pending} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
          {pending ? "正在创建…" : "创建账号"}
        </button>
      </form>
    </div>
  );
}
