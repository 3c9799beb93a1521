import { getCurrentUser } from "@/lib/auth/current-user";
import { createHoursExport } from "@/lib/certificates/hours-export";
import { getRequestMeta } from "@/lib/request-meta";
import { hoursExportQuerySchema } from "@/lib/schemas/reports";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

function fail(status: number, message: string): Response {
  return new Response(message, { status, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });
}

/** 年度学时统计 (person × year) of a unit's subtree as CSV or XLSX, for its administrators only. */
export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return fail(401, "登录已过期，请重新登录后再导出");
  if (user.role === "READER" || user.mustChangePassword) return fail(403, "您没有导出学时统计的权限");
  const parsed = hoursExportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return fail(400, `导出参数无效：${parsed.error.issues[0]?.path.join(".") || "未知字段"}`);
  const file = await createHoursExport(user, parsed.data, (await getRequestMeta()).ip);
  // A unit outside the administrator's scope is answered exactly like one that does not exist.
  if (!file) return fail(404, "找不到这个单位");
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_");
  return new Response(file.body, {
    headers: {
      ...NO_STORE,
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
