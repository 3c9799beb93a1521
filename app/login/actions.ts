"use server";

import { redirect } from "next/navigation";
import { setSessionCookie } from "@/lib/auth/cookie";
import { loginWithPassword } from "@/lib/auth/login";
import { getPathAfterSignIn } from "@/lib/auth/permissions";
import { loginFormSchema } from "@/lib/auth/schemas";
import { formDataToObject, safeRedirectPath, validationFailure, type ActionState } from "@/lib/forms";
import { getRequestMeta } from "@/lib/request-meta";

/** Signs in with account and password. Public by nature; throttled per account and per address. */
export async function loginAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = loginFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error, "请检查账号和密码");
  const meta = await getRequestMeta();
  const result = await loginWithPassword({ ...parsed.data, ip: meta.ip, userAgent: meta.userAgent });
  if (!result.ok) {
    if (result.reason === "locked") {
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return { ok: false, message: `登录失败次数过多，请 ${minutes} 分钟后再试` };
    }
    if (result.reason === "disabled") return { ok: false, message: "该账号已停用，请联系本单位管理员" };
    return { ok: false, message: "请检查账号和密码" };
  }
  await setSessionCookie(result.token, result.expiresAt, result.user);
  redirect(result.mustChangePassword ? "/account/password" : getPathAfterSignIn(result.user.role, safeRedirectPath(parsed.data.next, "")));
}
