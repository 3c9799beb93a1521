import { z } from "zod";
import { accountSchema } from "../auth/account";
import { storableText } from "./text";

const idString = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, message)
    .transform(Number);

export const roleSchema = z.enum(["READER", "UNIT_ADMIN", "SYSTEM_ADMIN"], { message: "请选择有效的角色" });

/** A person's name: the admin forms and every imported row (an .xlsx cell can carry "_xD800_"). */
export const userNameSchema = storableText(z.string().trim().min(1, "请输入姓名").max(50, "姓名不能超过 50 个字"));

/** The new-account form. */
export const createUserFormSchema = z.strictObject({
  name: userNameSchema,
  account: accountSchema,
  unitId: idString("请选择所在单位"),
  role: roleSchema,
});

/** The edit-account form (the account name itself cannot change). */
export const updateUserFormSchema = z.strictObject({
  name: userNameSchema,
  unitId: idString("请选择所在单位"),
  role: roleSchema,
});

export type CreateUserInput = z.output<typeof createUserFormSchema>;
export type UpdateUserInput = z.output<typeof updateUserFormSchema>;
