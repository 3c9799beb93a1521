import { getHealthReport } from "@/lib/health";

// Public on purpose: load balancers and monitoring call it without a session. It reveals no user data.
export const dynamic = "force-dynamic";

export async function GET() {
  const report = await getHealthReport();
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
