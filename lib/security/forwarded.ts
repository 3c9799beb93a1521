/**
 * Which X-Forwarded-* entry to believe. Every hop that forwards a request appends what it saw to
 * the list (nginx's `$proxy_add_x_forwarded_for`; the portal's own server, lib/server/, appends the
 * socket's peer address), so the rightmost entry is what this process saw itself and each trusted
 * proxy in front of it makes one more entry from the right believable. Anything further left was
 * written by the client and may be forged.
 *
 * Pure and free of `server-only`: the custom server (outside Next's bundles) and the app share it.
 */

/** Maximum length kept of an entry: headers are client-controlled and end up in logs and rows. */
const MAX_ENTRY_LENGTH = 256;

/** The comma-separated entries of a (possibly repeated) forwarding header, trimmed, empty ones dropped. */
export function splitForwardedHeader(value: string | string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(",") : value;
  return joined.split(",").map((entry) => entry.trim()).filter(Boolean);
}

/**
 * The entry `trustedHops` steps left of the rightmost one, or the leftmost when the list is
 * shorter (a trusted proxy that overwrote the header instead of appending to it); undefined when
 * the list is empty.
 */
export function pickForwardedEntry(entries: readonly string[], trustedHops: number): string | undefined {
  const entry = entries[entries.length - 1 - trustedHops] ?? entries[0];
  return entry?.slice(0, MAX_ENTRY_LENGTH);
}

/**
 * The value of a forwarding header such as X-Forwarded-Host or X-Forwarded-Proto that the trusted
 * hops vouch for, given what this process saw itself (`own`: the Host header, the socket's
 * scheme). With no trusted proxy that is always `own`, whatever the client sent.
 */
export function pickTrustedForwardedValue(header: string | string[] | null | undefined, own: string, trustedHops: number): string {
  if (trustedHops === 0) return own;
  return pickForwardedEntry([...splitForwardedHeader(header), own], trustedHops) ?? own;
}
