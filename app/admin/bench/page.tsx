/**
 * Benchmark baseline (scripts/bench.ts): the cheapest page in the administration shell (its layout
 * and navigation, as every admin page has), rendered per request for a signed-in administrator, so
 * `npm run bench` can tell the dashboard's own cost from what any admin page costs. Administrators
 * only, and even for them not found unless the server was started with BENCH_ECHO=1 (read at request
 * time, like app/api/bench/echo).
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "基准页" };

export default async function AdminBenchPage() {
  const user = await requireAdmin("/admin/bench");
  if (process.env.BENCH_ECHO !== "1") notFound();
  return <h1 className="text-2xl font-bold">{user.name}</h1>;
}
