/**
 * A display-only cookie naming the signed-in user for prerendered pages' header. It is readable by
 * the page's script and therefore never trusted: permissions always come from the session.
 * (Validated by hand: this runs in the browser, where zod would cost more than the whole feature.)
 */
export const USER_HINT_COOKIE = "xxyd_user";

const ROLES = ["READER", "UNIT_ADMIN", "SYSTEM_ADMIN"] as const;
export type UserHint = { name: string; role: (typeof ROLES)[number] };

/** The hint as JSON; cookie writers URI-encode it (names are Chinese), as Next's cookies().set does. */
export function serializeUserHint(user: UserHint): string {
  return JSON.stringify({ name: user.name, role: user.role });
}

/** Reads the hint from a `document.cookie` string; null when absent or malformed. */
export function readUserHint(cookieHeader: string): UserHint | null {
  const raw = cookieHeader
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${USER_HINT_COOKIE}=`))
    ?.slice(USER_HINT_COOKIE.length + 1);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(decodeURIComponent(raw));
    if (typeof value !== "object" || value === null) return null;
    const { name, role } = value as Record<string, unknown>;
    if (typeof name !== "string" || name.length > 50 || !ROLES.includes(role as UserHint["role"])) return null;
    return { name, role: role as UserHint["role"] };
  } catch {
    return null;
  }
}
