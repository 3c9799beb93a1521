import "server-only";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { refreshPublishedMaterials } from "../content/published";
import { getEnv } from "../env";
import { SESSION_COOKIE, validateSessionToken, type SessionUser, type ValidSession } from "./session";

export type { SessionUser } from "./session";

/**
 * The current request's session, looked up once per request. Every page, route and action that
 * asks who is there also gets the published materials as they stand (lib/content/published.ts:
 * one primary-key read at most once a second), so what it shows or accepts is never staler than that.
 */
export const getCurrentSession = cache(async (): Promise<ValidSession | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const [session] = await Promise.all([token ? validateSessionToken(token) : null, refreshPublishedMaterials()]);
  return session;
});

/** The signed-in user, or null. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  return (await getCurrentSession())?.user ?? null;
}

/**
 * For pages: the signed-in user, or a redirect to the login page (then back to `returnTo`). A user
 * who must still choose a password is sent to do that first.
 */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login");
  if (user.mustChangePassword) redirect("/account/password");
  return user;
}

/** For reading pages: anyone when PUBLIC_READING is on, else a signed-in user. */
export async function requireReader(returnTo: string): Promise<SessionUser | null> {
  if (getEnv().PUBLIC_READING) return getCurrentUser();
  return requireUser(returnTo);
}

/** For administration pages: a unit or system administrator, else 403. */
export async function requireAdmin(returnTo?: string): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (user.role === "READER") forbidden();
  return user;
}

/** For system-administrator pages. */
export async function requireSystemAdmin(returnTo?: string): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "SYSTEM_ADMIN") forbidden();
  return user;
}
