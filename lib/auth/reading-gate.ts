import "server-only";
import { getEnv } from "../env";
import { validateSessionToken, type SessionLookupOptions } from "./session";

/**
 * The reading pages (home, materials, sections): prerendered, the same bytes for every reader, so
 * no page code runs to check who is asking. proxy.ts and the portal server's lean path
 * (lib/server/lean-routes.ts) gate them with checkReadingPage below.
 */
export const READING_PAGE = /^\/(?:materials(?:\/[^/]+){1,2}\/?)?$/;

/** open: serve the page; sign-in: to /login (and back); change-password: to /account/password first. */
export type ReadingGate = "open" | "sign-in" | "change-password";

/**
 * Whether the holder of a session cookie (`token`) may open a reading page: anyone with
 * PUBLIC_READING, else a valid session (lib/auth/session.ts: idle and absolute expiry, disabled
 * accounts) whose user has no initial password left to change.
 */
export async function checkReadingPage(token: string | undefined, options: SessionLookupOptions = {}): Promise<ReadingGate> {
  if (getEnv().PUBLIC_READING) return "open";
  const session = token ? await validateSessionToken(token, new Date(), options) : null;
  if (!session) return "sign-in";
  return session.user.mustChangePassword ? "change-password" : "open";
}
