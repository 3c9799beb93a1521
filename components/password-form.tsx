"use client";

import { useActionState } from "react";
import { changePasswordAction } from "@/app/account/actions";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password-policy";
import { initialActionState } from "@/lib/forms";
import { Field, FormMessage } from "./forms/field";

/** Change one's own password (also the forced change at first sign-in). */
export function PasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, initialActionState);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <Field name="currentPassword" label="当前密码" type="password" autoComplete="current-password" required errors={state.fieldErrors?.currentPassword} />
      <Field
        name="newPassword"
        label="新密码"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors?.newPassword}
        hint={`${PASSWORD_MIN}–${PASSWORD_MAX} 个字符，建议使用不易猜到的一句话`}
      />
      <Field name="confirmPassword" label="再次输入新密码" type="password" autoComplete="new-password" required errors={state.fieldErrors?.confirmPassword} />
      <button type="submit" disabled={pending} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {pending ? "正在保存…" : "保存新密码"}
      </button>
    </form>
  );
}
