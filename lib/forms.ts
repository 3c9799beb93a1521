import { z } from "zod";

/** What every server action returns to its form through useActionState. */
export type ActionState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
};

export const initialActionState: ActionState = { ok: false };

/**
 * Turns FormData into a plain object for a strict zod schema. React adds its own `$ACTION_…`
 * fields to forms bound to server actions; those are framework plumbing, not user input.
 */
export function formDataToObject(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (typeof value === "string") out[key] = value;
  }
  return out;
}

/** A failed validation as an action state: one Chinese message per field, plus a summary. */
export function validationFailure(error: z.ZodError, message = "请检查填写的内容"): ActionState {
  const flat = z.flattenError(error);
  const unknown = error.issues.find((issue) => issue.code === "unrecognized_keys");
  return {
    ok: false,
    message: unknown ? "表单包含不允许的字段，请刷新页面后重试" : (flat.formErrors[0] ?? message),
    fieldErrors: flat.fieldErrors as Record<string, string[] | undefined>,
  };
}

/** A redirect target from a query string: only a path on this site. */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value.slice(0, 500);
}
