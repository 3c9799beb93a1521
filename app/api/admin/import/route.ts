import { getCurrentUser } from "@/lib/auth/current-user";
import { isSameOriginRequest } from "@/lib/security/origin";
import { MAX_FILE_BYTES, importUploadSchema } from "@/lib/import/protocol";
import { createImportStream } from "@/lib/import/stream";
import { getRequestMeta } from "@/lib/request-meta";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

function fail(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: NO_STORE });
}

/** Bulk account import: multipart `file` (CSV or XLSX) in, NDJSON progress and one result out. */
async function importAccountsRoute(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return fail(401, "登录已过期，请重新登录");
  if (user.role === "READER" || user.mustChangePassword) return fail(403, "您没有导入账号的权限");
  if (!isSameOriginRequest(request.headers)) return fail(403, "请求来源无效，请从本站页面提交");
  // Refuse an oversized body before reading it (multipart overhead on top of the file is small).
  if (Number(request.headers.get("content-length") ?? 0) > MAX_FILE_BYTES + 64 * 1024) return fail(413, "文件不能超过 5 MB");
  const form = await request.formData().catch(() => null);
  const parsed = importUploadSchema.safeParse({ file: form?.get("file") ?? undefined });
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? "请选择要导入的文件");
  const { file } = parsed.data;
  const stream = createImportStream({
    actor: user,
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name,
    ip: (await getRequestMeta()).ip,
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      // no-transform keeps compression from buffering the progress lines; X-Accel-Buffering tells nginx the same.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}

export const POST = withJsonErrors("POST /api/admin/import", importAccountsRoute);
