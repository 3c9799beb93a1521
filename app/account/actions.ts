"use server";

import { redirect } from "next/navigation";
import { writeAudit } from "@/lib/audit";
import { clearSessionCookie } from "@/lib/auth/cookie";
import { getCurrentSession } from "@/lib/auth/current-user";
import { changeOwnPassword } from "@/lib/auth/login";
import { changePasswordFormSchema } from "@/lib/auth/schemas";
import { invalidateSession } from "@/lib/auth/session";
import { formDataToObject, validationFailure, type ActionState } from "@/lib/forms";
import { getRequestMeta } from "@/lib/request-meta";

/** Ends the current session (a signed-out caller is simply sent to the login page). */
export async function logoutAction(): Promise<void> {
  const session = await getCurrentSession();
  if (session) {
    await invalidateSession(session.sessionId);
    await writeAudit({ action: "logout", actor: session.user, targetType: "user", targetId: session.user.id, ip: (await getRequestMeta()).ip });
  }
  await clearSessionCookie();
  redirect("/login");
}

/** Changes the signed-in user's password; every other session of theirs ends. */
export async function changePasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const session = await getCurrentSession();
  if (!session) redirect("/login");
  const parsed = changePasswordFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  const result = await changeOwnPassword(session.user, {
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
    keepSessionId: session.sessionId,
    ip: (await getRequestMeta()).ip,
  });
  if (!result.ok) {
    return result.reason === "same"
      ? { ok: false, fieldErrors: { newPassword: ["新密码不能与当前密码相同"] }, message: "请检查填写的内容" }
      : { ok: false, fieldErrors: { currentPassword: ["当前密码不正确"] }, message: "请检查填写的内容" };
  }
  redirect("/?password=changed");
}
