import "server-only";
import { getCurrentUser, type SessionUser } from "@/lib/auth/current-user";
import { refuse } from "@/lib/http/body";
import { isSameOriginRequest } from "@/lib/security/origin";
import { MaterialStoreError } from "./errors";
import { MaterialImportError } from "./import/errors";

// Shared by the /api/admin/materials route handlers: who may call them, and how refusals are answered.

/** The signed-in administrator, or the refusal to answer with (401, 403, or a cross-site POST). */
export async function requireMaterialAdmin(request: Request): Promise<SessionUser | Response> {
  const user = await getCurrentUser();
  if (!user) return refuse(401, "unauthorized", "登录已过期，请重新登录");
  if (user.role === "READER" || user.mustChangePassword) return refuse(403, "forbidden", "只有系统管理员和单位管理员可以管理学习材料");
  if (request.method !== "GET" && !isSameOriginRequest(request.headers)) return refuse(403, "cross_origin", "请求来源无效，请从本站页面提交");
  return user;
}

const FIELD_OF: Partial<Record<string, string>> = {
  "slug-exists": "slug",
  "invalid-description": "description",
  "audience-outside-scope": "audience",
  "unknown-audience": "audience",
};

/**
 * A refused import, publish or revision as JSON: the Chinese message (with the field it concerns,
 * for the form), logged in English with its code. Anything else is rethrown to withJsonErrors.
 */
export function materialErrorResponse(error: unknown, route: string): Response {
  if (error instanceof MaterialImportError || error instanceof MaterialStoreError) {
    console.warn(`[${route}] refused (${error.code}): ${error.englishMessage}`);
    const field = FIELD_OF[error.code];
    const status = error.code === "forbidden" || error.code === "audience-outside-scope" ? 403 : error.code === "not-found" ? 404 : error.code === "busy" || error.code === "slug-exists" ? 409 : 422;
    return Response.json(
      { ok: false, error: error.code, message: error.message, ...(field ? { fieldErrors: { [field]: [error.message] } } : {}) },
      { status, headers: { "Cache-Control": "no-store" } },
    );
  }
  throw error;
}

/** A zod failure as the same JSON shape: one Chinese message per field. */
export function invalidFields(fieldErrors: Record<string, string[] | undefined>): Response {
  return Response.json({ ok: false, error: "invalid", message: "请检查填写的内容", fieldErrors }, { status: 400, headers: { "Cache-Control": "no-store" } });
}
