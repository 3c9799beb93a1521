import { getCurrentUser } from "@/lib/auth/current-user";
import { readBodyBytes, refuse } from "@/lib/http/body";
import { isSameOriginRequest } from "@/lib/security/origin";
import { MAX_FILE_BYTES, MAX_FILE_LABEL, importUploadSchema } from "@/lib/import/protocol";
import { createImportStream } from "@/lib/import/stream";
import { getRequestMeta } from "@/lib/request-meta";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

// Multipart overhead on top of the file is small.
const MAX_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;

/** Bulk account import: multipart `file` (CSV or XLSX) in, NDJSON progress and one result out. */
async function importAccountsRoute(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return refuse(401, "unauthorized", "登录已过期，请重新登录");
  if (user.role === "READER" || user.mustChangePassword) return refuse(403, "forbidden", "您没有导入账号的权限");
  if (!isSameOriginRequest(request.headers)) return refuse(403, "cross_origin", "请求来源无效，请从本站页面提交");
  const bytes = await readBodyBytes(request, MAX_BODY_BYTES);
  if (!bytes) return refuse(413, "too_large", `文件不能超过 ${MAX_FILE_LABEL}`);
  // The multipart parser runs on the bytes already counted, never on the request stream itself.
  const contentType = request.headers.get("content-type") ?? "";
  const form = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData().catch(() => null);
  const parsed = importUploadSchema.safeParse({ file: form?.get("file") ?? undefined });
  if (!parsed.success) return refuse(400, "invalid_upload", parsed.error.issues[0]?.message ?? "请选择要导入的文件");
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
