import { z } from "zod";
import { PASSWORD_MAX, newPasswordSchema } from "./password-policy";

/** The login form. Over-long input is refused before any hashing (see password policy). */
export const loginFormSchema = z.strictObject({
  account: z.string().trim().min(1, "请输入账号").max(64, "请检查账号和密码"),
  password: z.string().min(1, "请输入密码").max(PASSWORD_MAX, "请检查账号和密码"),
  next: z.string().max(500).optional(),
});

/** The change-password form. */
export const changePasswordFormSchema = z
  .strictObject({
    currentPassword: z.string().min(1, "请输入当前密码").max(PASSWORD_MAX, "当前密码不正确"),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" });
