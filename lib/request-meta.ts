import "server-only";
import { headers } from "next/headers";
import { getEnv } from "./env";

export type RequestMeta = { ip: string; userAgent: string; https: boolean };

/**
 * Picks the client address from X-Forwarded-For. Next's server appends the socket address as the
 * last entry, so with no trusted proxy the last entry is the peer itself and cannot be spoofed;
 * each trusted proxy hop moves the trusted entry one step to the left.
 */
export function pickClientIp(forwardedFor: string | null, trustedHops: number): string {
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const ip = entries[entries.length - 1 - trustedHops] ?? entries[0] ?? "unknown";
  return ip.replace(/^::ffff:/, "").slice(0, 64);
}

/** Who is on the other end of the current request, for throttling, audit and cookie flags. */
export async function getRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return {
    ip: pickClientIp(h.get("x-forwarded-for"), getEnv().TRUSTED_PROXY_HOPS),
    userAgent: (h.get("user-agent") ?? "").slice(0, 300),
    https: (h.get("x-forwarded-proto") ?? "").split(",")[0]?.trim() === "https",
  };
}
