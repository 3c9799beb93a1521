/** Signs test browsers in without the login form, by creating a real session in the server's database. */
import { inject } from "vitest";

type Cookie = { name: string; value: string; url: string; httpOnly: boolean; sameSite: "Lax" };

/** Demo accounts (lib/setup/demo-data.ts) by the role they play in the tests. */
export const DEMO = {
  reader: "reader01",
  subtreeAdmin: "zzb-admin",
  otherUnitAdmin: "xcb-admin",
  systemAdmin: "admin",
  newcomer: "newcomer",
} as const;

async function loadLib() {
  // The data layer reads DATABASE_URL once, at first use: point it at the server's database first.
  process.env.DATABASE_URL = inject("databaseUrl");
  const [{ getDb }, session] = await Promise.all([import("@/lib/db"), import("@/lib/auth/session")]);
  return { getDb, ...session };
}

/** A session cookie for a demo account, exactly as the login form would set it. */
export async function sessionCookieFor(account: string): Promise<Cookie> {
  return (await signInCookiesFor(account))[0];
}

/** The session cookie and the header's display hint, as the login form sets them. */
export async function signInCookiesFor(account: string): Promise<[Cookie, Cookie]> {
  const { getDb, createSession, SESSION_COOKIE } = await loadLib();
  const { USER_HINT_COOKIE, serializeUserHint } = await import("@/lib/auth/user-hint");
  const db = await getDb();
  const user = await db.user.findUnique({ where: { account }, select: { id: true, name: true, role: true } });
  if (!user) throw new Error(`no demo account "${account}" in the e2e database`);
  const { token } = await createSession(user.id, { userAgent: "e2e" });
  const url = inject("baseURL");
  return [
    { name: SESSION_COOKIE, value: token, url, httpOnly: true, sameSite: "Lax" },
    { name: USER_HINT_COOKIE, value: encodeURIComponent(serializeUserHint(user)), url, httpOnly: false, sameSite: "Lax" },
  ];
}

/** The e2e server's Prisma client, for assertions on stored data. */
export async function getE2eDb() {
  return (await loadLib()).getDb();
}
