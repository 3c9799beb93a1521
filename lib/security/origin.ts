import { getEnv } from "../env";
import { pickTrustedForwardedValue } from "./forwarded";

/**
 * Whether an Origin header names `host` (host[:port] as the request was addressed). "null", a
 * missing or a malformed Origin never does.
 */
export function isOriginOfHost(origin: string | null | undefined, host: string | null | undefined): boolean {
  if (!origin || !host || origin === "null") return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** What the origin checks read of a request's headers: a fetch `Headers`, or the portal server's view of Node's (lib/server/lean-routes.ts). */
export type HeaderReader = Pick<Headers, "get">;

/**
 * The host a request was addressed to: the Host header, or with trusted reverse proxies in front
 * (TRUSTED_PROXY_HOPS > 0) the X-Forwarded-Host they vouch for. With none, X-Forwarded-Host is the
 * client's own word and is ignored.
 */
export function getRequestHost(headers: HeaderReader, trustedProxyHops: number): string {
  return pickTrustedForwardedValue(headers.get("x-forwarded-host"), headers.get("host") ?? "", trustedProxyHops);
}

/**
 * Whether a state-changing request comes from a page of this site: its Origin header must name the
 * host the request was sent to (getRequestHost). A cross-site form or fetch cannot forge either
 * header. No Origin: refused.
 */
export function isSameOriginRequest(headers: HeaderReader, trustedProxyHops = getEnv().TRUSTED_PROXY_HOPS): boolean {
  return isOriginOfHost(headers.get("origin"), getRequestHost(headers, trustedProxyHops));
}
