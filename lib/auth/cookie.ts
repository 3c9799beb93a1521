import "server-only";
import { cookies } from "next/headers";
import { getEnv } from "../env";
import { getRequestMeta } from "../request-meta";
import { SESSION_COOKIE } from "./session";

/** Whether the session cookie gets the Secure flag for this request. */
async function isSecure(): Promise<boolean> {
  const setting = getEnv().COOKIE_SECURE;
  if (setting !== "auto") return setting === "true";
  return (await getRequestMeta()).https;
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, ending with the session. */
export async function setSessionCookie(token: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: await isSecure(),
    path: "/",
    expires: expiresAt,
  });
}

/** Removes the session cookie from the browser. */
export async function clearSessionCookie(): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: await isSecure(), path: "/", maxAge: 0 });
}
