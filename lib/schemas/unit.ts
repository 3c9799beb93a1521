import { z } from "zod";
import { storableText } from "./text";

/** The unit form (create and edit). */
export const unitFormSchema = z.strictObject({
  name: storableText(z.string().trim().min(1, "请输入单位名称").max(100, "单位名称不能超过 100 个字")),
  code: z
    .string()
    .trim()
    .min(1, "请输入单位编码")
    .max(40, "单位编码不能超过 40 个字符")
    .regex(/^[A-Za-z0-9_-]+$/, "单位编码只能包含字母、数字、下划线和短横线"),
  parentId: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return undefined;
      if (!/^\d{1,9}$/.test(v)) {
        ctx.addIssue({ code: "custom", message: "请选择有效的上级单位" });
        return z.NEVER;
      }
      return Number(v);
    })
    .optional(),
});

export type UnitInput = z.output<typeof unitFormSchema>;
