import { getCurrentUser } from "@/lib/auth/current-user";
import { createProgressExport } from "@/lib/reports/export";
import { exportDownload, exportRefusal } from "@/lib/reports/http";
import { getRequestMeta } from "@/lib/request-meta";
import { exportQuerySchema } from "@/lib/schemas/reports";

export const dynamic = "force-dynamic";

/** CSV or XLSX of a unit's completion (roll-up and person × section grid), for its administrators only. */
export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return exportRefusal(401, "登录已过期，请重新登录后再导出");
  if (user.role === "READER" || user.mustChangePassword) return exportRefusal(403, "您没有导出学习情况的权限");
  const parsed = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return exportRefusal(400, `导出参数无效：${parsed.error.issues[0]?.path.join(".") || "未知字段"}`);
  const { sort = "account", dir = "asc", ...rest } = parsed.data;
  const file = await createProgressExport(user, { ...rest, sort, dir }, (await getRequestMeta()).ip);
  // A unit outside the administrator's scope is answered exactly like one that does not exist.
  if (!file) return exportRefusal(404, "找不到这个单位或学习材料");
  return exportDownload(file);
}
