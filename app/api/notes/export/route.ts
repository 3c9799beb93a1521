import { getCurrentUser } from "@/lib/auth/current-user";
import { getChinaDay } from "@/lib/china-time";
import { notebookToDocx } from "@/lib/notes/export-docx";
import { notebookToMarkdown } from "@/lib/notes/export-markdown";
import { fail } from "@/lib/notes/http";
import { getMyNotebook } from "@/lib/notes/notebook";
import { exportQuerySchema } from "@/lib/schemas/notes";

export const dynamic = "force-dynamic";

// A downloaded file is never rendered as a page of this site, and could run nothing if it were.
const FILE_HEADERS = { "Cache-Control": "private, no-store", "Content-Security-Policy": "sandbox; default-src 'none'", "X-Content-Type-Options": "nosniff" };

function attachment(name: string): string {
  return `attachment; filename="notebook.${name.split(".").pop()}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The signed-in reader's own notebook as Markdown or DOCX. There is no user parameter: only one's own. */
export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return fail(401, "unauthorized", "请先登录");
  if (user.mustChangePassword) return fail(403, "password_change_required", "请先修改初始密码");
  const query = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return fail(400, "invalid_query", "参数无效");
  const notebook = await getMyNotebook(user, query.data.material);
  const stamp = getChinaDay(notebook.exportedAt);
  if (query.data.format === "markdown") {
    return new Response(notebookToMarkdown(notebook), {
      headers: { ...FILE_HEADERS, "Content-Type": "text/markdown; charset=utf-8", "Content-Disposition": attachment(`学习笔记本-${stamp}.md`) },
    });
  }
  const docx = await notebookToDocx(notebook);
  return new Response(new Uint8Array(docx), {
    headers: {
      ...FILE_HEADERS,
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": attachment(`学习笔记本-${stamp}.docx`),
    },
  });
}
