/**
 * The request as server actions see it in tests. Use with
 *   vi.mock("next/headers", () => import("../helpers/next-request"));
 * and set `request.token` to a session token to be "signed in" as its user.
 */
export const request = { token: undefined as string | undefined };

/** Stands in for next/headers' cookies(): only the session cookie, from `request.token`. */
export async function cookies() {
  return {
    get: (name: string) => (name === "xxyd_session" && request.token ? { name, value: request.token } : undefined),
    set() {},
  };
}

/** Stands in for next/headers' headers(): a fixed client address and user agent. */
export async function headers() {
  return new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "vitest" });
}
