import { getCurrentUser } from "@/lib/auth/current-user";
import { listMyTasks } from "@/lib/my-tasks";

export const dynamic = "force-dynamic";

/** The signed-in reader's own assignments, due dates, what is left and reminders (for the prerendered home page). */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ ok: false, error: "unauthorized", message: "请先登录" }, { status: 401, headers: { "Cache-Control": "no-store" } });
  const tasks = await listMyTasks(user);
  return Response.json({ ok: true, tasks }, { headers: { "Cache-Control": "private, no-store" } });
}
