/**
 * Benchmark baseline (scripts/bench.ts): the cheapest signed-in page, rendered per request through
 * the same layout as the dashboard, so `npm run bench` can compare the dashboard's latency with what
 * a dynamic page costs at all. Not found unless the server was started with BENCH_ECHO=1 (read at
 * request time, like app/api/bench/echo), and even then only for a signed-in user.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "基准页" };

export default async function BenchPage() {
  if (process.env.BENCH_ECHO !== "1") notFound();
  const user = await requireUser("/bench");
  return <h1 className="text-2xl font-bold">{user.name}</h1>;
}
