import "server-only";
import type { z } from "zod";
import { getCurrentUser, type SessionUser } from "../auth/current-user";
import { getReadableMaterial, getReadableSection } from "../content";
import { readJsonBody } from "../http/body";
import { isSameOriginRequest } from "../security/origin";
import { NoteError } from "./errors";

const NO_STORE = { "Cache-Control": "private, no-store" };
const MAX_BODY_BYTES = 128 * 1024;

/** A JSON error answer; `message` is shown to the reader. */
export function fail(status: number, error: string, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ ok: false, error, message, ...extra }, { status, headers: NO_STORE });
}

/** A JSON success answer, never cached (it is one reader's private data). */
export function ok(data: Record<string, unknown>): Response {
  return Response.json({ ok: true, ...data }, { headers: NO_STORE });
}

/**
 * For writes about a material: the same 404 as for an unknown one when the reader may not read it
 * (archived, or published for another unit), else null. Reading one's own notes stays allowed.
 */
export async function refuseUnreadable(user: SessionUser, material: string, section?: string): Promise<Response | null> {
  // `user` came from getCurrentSession, which already brought the published materials up to date.
  const readable = section ? getReadableSection(user, material, section) : getReadableMaterial(user, material);
  return readable ? null : fail(404, "unknown_section", "找不到这份学习材料或这一节");
}

/**
 * The signed-in user allowed to use the notes routes, or the refusal: 401 signed out, 403 when the
 * password must be changed first, and (for writes) 403 for a request from another site.
 */
export async function authorize(request: Request, options: { write: boolean }): Promise<SessionUser | Response> {
  const user = await getCurrentUser();
  if (!user) return fail(401, "unauthorized", "登录已过期，请重新登录");
  if (user.mustChangePassword) return fail(403, "password_change_required", "请先修改初始密码");
  if (options.write && !isSameOriginRequest(request.headers)) return fail(403, "cross_origin", "请求来源无效");
  return user;
}

/** Parses and validates a JSON body (read up to its limit only); the refusal names the first bad field. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T> | Response> {
  const body = await readJsonBody(request, MAX_BODY_BYTES, { tooLarge: "内容过长" });
  if (body instanceof Response) return body;
  const parsed = schema.safeParse(body.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Our own messages are Chinese (limits, control characters); zod's defaults are not shown as is.
    const message = issue && /[\u4e00-\u9fff]/u.test(issue.message) ? issue.message : `格式无效：${issue?.path.join(".") ?? ""}`;
    return fail(issue?.code === "too_big" ? 422 : 400, "invalid_input", message);
  }
  return parsed.data;
}

/** Runs a data-layer call and turns its expected refusals into JSON answers. */
export async function answer(run: () => Promise<Record<string, unknown>>): Promise<Response> {
  try {
    return ok(await run());
  } catch (error) {
    if (error instanceof NoteError) return fail(error.status, error.code, error.message, error.current ? { current: error.current } : {});
    throw error;
  }
}
