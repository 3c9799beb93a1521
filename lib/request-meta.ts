import "server-only";
import { headers } from "next/headers";
import { getEnv } from "./env";
import { pickForwardedEntry, splitForwardedHeader } from "./security/forwarded";

export type RequestMeta = { ip: string; userAgent: string; https: boolean };

/**
 * Picks the client address from X-Forwarded-For. The portal's server (lib/server/) appends the
 * socket's peer address as the last entry whatever the client sent, so with no trusted proxy the
 * last entry is the peer itself and cannot be spoofed; each trusted proxy hop moves the trusted
 * entry one step to the left. (Next's own `next start` only fills the header in when it is missing:
 * run the portal's server.)
 */
export function pickClientIp(forwardedFor: string | null, trustedHops: number): string {
  const ip = pickForwardedEntry(splitForwardedHeader(forwardedFor), trustedHops) ?? "unknown";
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
