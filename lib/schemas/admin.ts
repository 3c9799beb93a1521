import { z } from "zod";
import type { AuditAction } from "../audit";
import type { ActionState } from "../forms";

/** A database id as it arrives from a route segment or a query string. */
export const idParamSchema = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);

/** An id bound to a server action with `.bind`: still attacker-controlled, so checked like input. */
export const boundIdSchema = z.number().int().positive().max(999_999_999);

const pageParamSchema = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,5}$/, "页码无效")
  .transform(Number);

export const AUDIT_ACTIONS = [
  "login.success",
  "login.failure",
  "login.lockout",
  "logout",
  "password.change",
  "password.reset",
  "user.create",
  "user.update",
  "user.disable",
  "user.enable",
  "unit.create",
  "unit.update",
  "unit.move",
  "import.accounts",
  "assignment.create",
  "assignment.delete",
  "assignment.update",
  "reminder.send",
  "report.export",
  "report.hours_export",
  "reflection.comment",
  "reflection.return",
  "reflection.resubmit",
  "material.publish",
  "material.revise",
  "material.archive",
  "quiz.settings.update",
  "quiz.question.create",
  "quiz.question.update",
  "quiz.question.delete",
  "quiz.question.confirm",
] as const satisfies readonly AuditAction[];

// Fails to compile when lib/audit.ts gains an action that this list (and so the filter) lacks.
const everyActionListed: AuditAction extends (typeof AUDIT_ACTIONS)[number] ? true : never = true;
void everyActionListed;

/** Query string of /admin/users. */
export const userListQueryShape = {
  unit: idParamSchema,
  q: z.string().trim().min(1).max(50, "搜索词不能超过 50 个字"),
  page: pageParamSchema,
};

/** Query string of /admin/units/new. */
export const newUnitQueryShape = { parent: idParamSchema };

/** The disable and reset forms: a ticked confirmation box and nothing else. */
export const confirmFormSchema = z.strictObject({
  confirm: z.literal("on", { message: "请先勾选确认" }),
});

/** Forms that carry no input at all (re-enabling an account). */
export const emptyFormSchema = z.strictObject({});

type QueryShape = Record<string, z.ZodType<unknown, string>>;
type RawSearchParams = Record<string, string | string[] | undefined>;

/**
 * Reads a query string field by field: a missing or empty value is absent, an invalid one is
 * ignored and named in `invalid`, so a hand-edited URL gives a clear notice instead of an error.
 */
export function parseQueryParams<S extends QueryShape>(
  shape: S,
  raw: RawSearchParams,
): { data: { [K in keyof S]?: z.output<S[K]> }; invalid: Array<keyof S> } {
  const data: { [K in keyof S]?: z.output<S[K]> } = {};
  const invalid: Array<keyof S> = [];
  for (const key of Object.keys(shape) as Array<keyof S & string>) {
    const value = raw[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined || first.trim() === "") continue;
    const parsed = shape[key]!.safeParse(first);
    if (parsed.success) data[key] = parsed.data as z.output<S[typeof key]>;
    else invalid.push(key);
  }
  return { data, invalid };
}

/** What the admin forms get back: the action state, the values to put back after a failure. */
export type AdminFormState = ActionState & { values?: Record<string, string> };

/** A result that carries a one-time password: shown once from here, never put in a URL. */
export type OneTimePasswordState = AdminFormState & {
  oneTimePassword?: string;
  account?: string;
  userId?: number;
};
