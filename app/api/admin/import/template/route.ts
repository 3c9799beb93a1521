import { getCurrentUser } from "@/lib/auth/current-user";
import { buildTemplateCsv } from "@/lib/import/template";

export const dynamic = "force-dynamic";

const FILE_NAME = "账号导入模板.csv";

/** The import template: header plus an example row in the administrator's own unit. */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "登录已过期，请重新登录" }, { status: 401, headers: { "Cache-Control": "no-store" } });
  if (user.role === "READER" || user.mustChangePassword) return Response.json({ error: "您没有导入账号的权限" }, { status: 403, headers: { "Cache-Control": "no-store" } });
  return new Response(await buildTemplateCsv(user), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="account-import-template.csv"; filename*=UTF-8''${encodeURIComponent(FILE_NAME)}`,
      "Cache-Control": "no-store",
    },
  });
}
