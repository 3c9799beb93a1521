/**
 * A display-only cookie naming the signed-in user for prerendered pages' header. It is readable by
 * the page's script and therefore never trusted: permissions always come from the session.
 * (Validated by hand: this runs in the browser, where zod would cost more than the whole feature.)
 */
export const USER_HINT_COOKIE = "xxyd_user";

const ROLES = ["READER", "UNIT_ADMIN", "SYSTEM_ADMIN"] as const;
/** `id` is absent only in hints written before it was added (they end with their session). */
export type UserHint = { id?: number; name: string; role: (typeof ROLES)[number] };

/** The hint as JSON; cookie writers URI-encode it (names are Chinese), as Next's cookies().set does. */
export function serializeUserHint(user: UserHint): string {
  return JSON.stringify({ id: user.id, name: user.name, role: user.role });
}

/**
 * Whose data this browser's local storage holds (queued reading beats, unsaved note drafts): the
 * account id, never the display name, which two colleagues sharing an office computer may both have.
 */
export function getStorageOwner(hint: UserHint): string {
  return hint.id === undefined ? hint.name : `#${hint.id}`;
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
    const { id, name, role } = value as Record<string, unknown>;
    if (typeof name !== "string" || name.length > 50 || !ROLES.includes(role as UserHint["role"])) return null;
    if (id !== undefined && !(Number.isSafeInteger(id) && (id as number) > 0)) return null;
    return { ...(id === undefined ? {} : { id: id as number }), name, role: role as UserHint["role"] };
  } catch {
    return null;
  }
}

/** Set on <html> while a user is signed in: the header shows anonymous visitors only what they can use. */
export const SIGNED_IN_ATTRIBUTE = "data-signed-in";
