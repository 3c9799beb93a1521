import { z } from "zod";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** A new password as a reader types it. Length is checked before anything is hashed. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 个字符`)
  .max(PASSWORD_MAX, `密码不能超过 ${PASSWORD_MAX} 个字符`);
