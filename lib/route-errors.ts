import "server-only";
import { unstable_rethrow } from "next/navigation";
import { DATABASE_UNAVAILABLE_MESSAGE, classifyDatabaseError, describeErrorForLog } from "./db-errors";

/** Seconds a client is asked to wait before retrying a request the database could not serve. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The JSON answer for a request that failed on the server: 503 with `Retry-After` when the database
 * cannot serve it now (read-only, disk full, file deleted, unreachable: the reading tracker and note
 * autosave keep their copy and retry), else 500. The same shape as every other refusal,
 * `{ ok: false, error, message }`, never the empty 500 a thrown error would give. Logged with the
 * error's class and codes only: a driver's message can quote the statement's values (a reader's note).
 */
export function failureResponse(error: unknown, route: string): Response {
  const cause = classifyDatabaseError(error);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (cause) {
    console.error(`[${route}] database unavailable (${cause}): ${describeErrorForLog(error)}`);
    headers["Retry-After"] = String(DATABASE_RETRY_AFTER_SECONDS);
    return Response.json({ ok: false, error: "database_unavailable", cause, message: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503, headers });
  }
  console.error(`[${route}] failed: ${describeErrorForLog(error, { stack: true })}`);
  return Response.json({ ok: false, error: "server_error", message: "服务器出错，本次操作没有完成，请稍后重试" }, { status: 500, headers });
}

/**
 * Wraps a route handler so that whatever it throws becomes failureResponse's JSON answer. Next.js's
 * own control flow (redirect, notFound) passes through.
 */
export function withJsonErrors<A extends unknown[]>(route: string, handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      unstable_rethrow(error);
      return failureResponse(error, route);
    }
  };
}
