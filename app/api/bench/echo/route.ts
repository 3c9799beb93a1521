/**
 * Benchmark floor (scripts/bench.ts): the cheapest route handler Next can run for a JSON POST. It
 * parses the body and answers, and does nothing else on purpose (no session, no Origin check, no
 * database), so `npm run bench` can compare POST /api/progress with what the framework alone costs.
 *
 * Off unless the server was started with BENCH_ECHO=1: every method then answers 404, as for a
 * route that does not exist.
 */
import { readJsonBody } from "@/lib/http/body";

export const dynamic = "force-dynamic";

// The same limit as POST /api/progress.
const MAX_BODY_BYTES = 256 * 1024;

/**
 * A bench-only switch, read from process.env directly rather than through lib/env.ts: it is no
 * setting of the portal, only `npm run bench` sets it, and it is read at request time so one build
 * serves both the bench (on) and every other server (off).
 */
function isEnabled(): boolean {
  return process.env.BENCH_ECHO === "1";
}

const NO_STORE = { "Cache-Control": "no-store" };

function notFound(): Response {
  return new Response(null, { status: 404, headers: NO_STORE });
}

export async function POST(request: Request): Promise<Response> {
  if (!isEnabled()) return notFound();
  // Same body handling as POST /api/progress (the shared limited reader), so only the work after it differs.
  const body = await readJsonBody(request, MAX_BODY_BYTES, { tooLarge: "记录过大" });
  if (body instanceof Response) return body;
  return Response.json({ ok: true }, { headers: NO_STORE });
}

// Every other method answers 404 too (rather than Next's automatic 405 or OPTIONS 204), so a probe
// cannot tell this route from a missing one.
export const GET = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
