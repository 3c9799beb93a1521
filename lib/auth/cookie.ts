import "server-only";
import { cookies } from "next/headers";
import { getEnv } from "../env";
import { getRequestMeta } from "../request-meta";
import type { Role } from "../generated/prisma/enums";
import { USER_HINT_COOKIE, serializeUserHint } from "./user-hint";
import { SESSION_COOKIE } from "./session";

/** Whether the session cookie gets the Secure flag for this request. */
async function isSecure(): Promise<boolean> {
  const setting = getEnv().COOKIE_SECURE;
  if (setting !== "auto") return setting === "true";
  return (await getRequestMeta()).https;
}

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, ending with the session. Next to
 * it goes a readable hint with the user's name and role, so that prerendered pages can show who is
 * signed in without a request; it grants nothing (every check uses the session).
 */
export async function setSessionCookie(token: string, expiresAt: Date, user?: { id: number; name: string; role: Role }): Promise<void> {
  const jar = await cookies();
  const secure = await isSecure();
  jar.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
  if (user) jar.set(USER_HINT_COOKIE, serializeUserHint(user), { httpOnly: false, sameSite: "lax", secure, path: "/", expires: expiresAt });
}

/** Removes the session cookie and the user hint from the browser. */
export async function clearSessionCookie(): Promise<void> {
  const jar = await cookies();
  const secure = await isSecure();
  jar.set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 0 });
  jar.set(USER_HINT_COOKIE, "", { httpOnly: false, sameSite: "lax", secure, path: "/", maxAge: 0 });
}
