"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getAdminActionContext, pickFormValues, toAdminFailure } from "@/lib/admin-actions";
import { formDataToObject, validationFailure } from "@/lib/forms";
import { boundIdSchema, confirmFormSchema, emptyFormSchema, type AdminFormState, type OneTimePasswordState } from "@/lib/schemas/admin";
import { createUserFormSchema, updateUserFormSchema } from "@/lib/schemas/user";
import { createUser, resetUserPassword, setUserDisabled, updateUser } from "@/lib/users";

const USER_NOT_FOUND = "找不到这个账号，或它不在您的管理范围内";
const disabledFlagSchema = z.boolean();

/**
 * Creates an account. No redirect: the one-time password goes back in the action state, so it is
 * shown once on this screen and never appears in a URL, a log or the browser history.
 */
export async function createUserAction(_prev: OneTimePasswordState, formData: FormData): Promise<OneTimePasswordState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const values = pickFormValues(formData, ["name", "account", "unitId", "role"]);
  const parsed = createUserFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  let result: Awaited<ReturnType<typeof createUser>>;
  try {
    result = await createUser(context.actor, parsed.data, context.ip);
  } catch (error) {
    return toAdminFailure(error, "所选单位不存在或不在您的管理范围内", values);
  }
  revalidatePath("/admin", "layout");
  return {
    ok: true,
    message: `已创建账号 ${result.user.account}（${result.user.name}）`,
    oneTimePassword: result.oneTimePassword,
    account: result.user.account,
    userId: result.user.id,
  };
}

/** Changes an account's name, unit and role. The id is bound on the server page with `.bind`. */
export async function updateUserAction(userId: number, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const id = boundIdSchema.safeParse(userId);
  if (!id.success) return { ok: false, message: USER_NOT_FOUND };
  const values = pickFormValues(formData, ["name", "unitId", "role"]);
  const parsed = updateUserFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  try {
    await updateUser(context.actor, id.data, parsed.data, context.ip);
  } catch (error) {
    return toAdminFailure(error, USER_NOT_FOUND, values);
  }
  revalidatePath("/admin", "layout");
  redirect(`/admin/users/${id.data}?done=saved`);
}

/** Disables (ending every session) or re-enables an account. Disabling needs the confirmation box. */
export async function setUserDisabledAction(userId: number, disabled: boolean, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const id = boundIdSchema.safeParse(userId);
  const flag = disabledFlagSchema.safeParse(disabled);
  if (!id.success || !flag.success) return { ok: false, message: USER_NOT_FOUND };
  const parsed = (flag.data ? confirmFormSchema : emptyFormSchema).safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  try {
    await setUserDisabled(context.actor, id.data, flag.data, context.ip);
  } catch (error) {
    return toAdminFailure(error, USER_NOT_FOUND);
  }
  revalidatePath("/admin", "layout");
  return { ok: true, message: flag.data ? "账号已停用，它的所有登录均已退出" : "账号已启用，可以重新登录" };
}

/** Gives an account a new one-time password, shown once in the action state; its sessions end. */
export async function resetUserPasswordAction(userId: number, _prev: OneTimePasswordState, formData: FormData): Promise<OneTimePasswordState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const id = boundIdSchema.safeParse(userId);
  if (!id.success) return { ok: false, message: USER_NOT_FOUND };
  const parsed = confirmFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  let oneTimePassword: string;
  try {
    oneTimePassword = await resetUserPassword(context.actor, id.data, context.ip);
  } catch (error) {
    return toAdminFailure(error, USER_NOT_FOUND);
  }
  revalidatePath("/admin", "layout");
  return { ok: true, message: "密码已重置，该账号的所有登录均已退出", oneTimePassword, userId: id.data };
}
