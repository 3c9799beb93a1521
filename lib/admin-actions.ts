import "server-only";
import { redirect } from "next/navigation";
import { getCurrentSession, type SessionUser } from "./auth/current-user";
import { ConflictError, DATABASE_UNAVAILABLE_MESSAGE, ForbiddenError, NotFoundError, classifyDatabaseError, describeErrorForLog } from "./db-errors";
import type { ActionState } from "./forms";
import { getRequestMeta } from "./request-meta";

export const FORBIDDEN_MESSAGE = "您没有权限执行此操作";

export type AdminActionContext = { ok: true; actor: SessionUser; ip: string } | { ok: false; state: ActionState };

/**
 * For administration server actions, which are public POST endpoints: the signed-in administrator
 * and the client address, a refusal for anyone else, a redirect when there is no usable session.
 */
export async function getAdminActionContext(options: { systemAdminOnly?: boolean } = {}): Promise<AdminActionContext> {
  const session = await getCurrentSession();
  if (!session) redirect("/login");
  const actor = session.user;
  if (actor.mustChangePassword) redirect("/account/password");
  const allowed = options.systemAdminOnly ? actor.role === "SYSTEM_ADMIN" : actor.role !== "READER";
  if (!allowed) return { ok: false, state: { ok: false, message: FORBIDDEN_MESSAGE } };
  return { ok: true, actor, ip: (await getRequestMeta()).ip };
}

/**
 * Turns the data layer's expected failures into an action state; a database that cannot take the
 * write (read-only, disk full, file deleted: lib/db-errors.ts) is said so on the form, which keeps
 * what was typed; anything else is rethrown, so that it reaches error.tsx (and the server log)
 * instead of being swallowed.
 */
export function toAdminFailure(error: unknown, notFoundMessage: string, values?: Record<string, string>): ActionState & { values?: Record<string, string> } {
  const cause = classifyDatabaseError(error);
  if (cause) {
    console.error(`[admin] database unavailable (${cause}): ${describeErrorForLog(error)}`);
    return { ok: false, message: DATABASE_UNAVAILABLE_MESSAGE, values };
  }
  if (error instanceof ConflictError) {
    return { ok: false, message: "请检查填写的内容", fieldErrors: { [error.field]: [error.message] }, values };
  }
  if (error instanceof NotFoundError) return { ok: false, message: notFoundMessage, values };
  if (error instanceof ForbiddenError) return { ok: false, message: FORBIDDEN_MESSAGE, values };
  throw error;
}

/** The submitted values of the named fields, to put back into a form after a failure. */
export function pickFormValues(formData: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = formData.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 200);
  }
  return values;
}
