"use client";

import { useActionState } from "react";
import { loginAction } from "@/app/login/actions";
import { initialActionState } from "@/lib/forms";
import { Field, FormMessage } from "./forms/field";

/** Account and password sign-in. */
export function LoginForm({ next }: { next?: string }) {
  const [state, formAction, pending] = useActionState(loginAction, initialActionState);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <Field name="account" label="账号" autoComplete="username" required errors={state.fieldErrors?.account} hint="工号或手机号，由本单位管理员分配" />
      <Field name="password" label="密码" type="password" autoComplete="current-password" required errors={state.fieldErrors?.password} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <button type="submit" disabled={pending} className="w-full rounded bg-red-800 px-4 py-2.5 text-lg font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {pending ? "正在登录…" : "登录"}
      </button>
    </form>
  );
}
