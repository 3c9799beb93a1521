/**
 * Whether a state-changing request comes from a page of this site: its Origin header must name the
 * host the request was sent to (X-Forwarded-Host first when a proxy rewrote Host, as Next.js does for
 * server actions). A cross-site form or fetch cannot forge either header. No Origin: refused.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const origin = headers.get("origin");
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!origin || !host || origin === "null") return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
