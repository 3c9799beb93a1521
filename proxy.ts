import { NextResponse, type NextRequest } from "next/server";
import { checkReadingPage, READING_PAGE } from "./lib/auth/reading-gate";
import { SESSION_COOKIE } from "./lib/auth/session";
import { USER_HINT_COOKIE } from "./lib/auth/user-hint";
import { getEnv } from "./lib/env";
import { buildContentSecurityPolicy, createNonce, type ScriptPolicy } from "./lib/security/csp";
import { getPrerenderedScriptHashes } from "./lib/security/static-csp";

// The reading pages (home, materials, sections) are prerendered: the same bytes for every reader,
// served without running any page code. So for them this proxy is the sign-in gate; it checks the
// session against the database exactly as pages do (lib/auth/reading-gate.ts). Every dynamic page,
// route handler and server action still checks the session itself. The portal server answers a
// signed-in reader's request for a prerendered reading page itself, after the same check
// (lib/server/lean-routes.ts); what reaches this proxy is the rest.

function redirectTo(request: NextRequest, pathname: string, next?: string): NextResponse {
  const url = new URL(pathname, request.url);
  if (next) url.searchParams.set("next", next);
  return NextResponse.redirect(url);
}

/** Signs readers in on prerendered pages and sets the Content-Security-Policy of every page. */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const env = getEnv();
  if (READING_PAGE.test(pathname)) {
    const gate = await checkReadingPage(request.cookies.get(SESSION_COOKIE)?.value);
    if (gate === "sign-in") {
      const response = redirectTo(request, "/login", pathname + search);
      // An ended session's display hint would keep showing a name in the header.
      response.cookies.delete(USER_HINT_COOKIE);
      return response;
    }
    if (gate === "change-password") return redirectTo(request, "/account/password");
  }

  const hashes = getPrerenderedScriptHashes(pathname, env.NEXT_DIST_DIR);
  const nonce = hashes ? undefined : createNonce();
  const policy: ScriptPolicy = nonce ? { nonce } : { hashes: hashes ?? [] };
  // NODE_ENV is fixed by Next at build time; dev mode needs eval for hot reloading.
  const csp = buildContentSecurityPolicy(policy, { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  if (nonce) {
    requestHeaders.set("x-nonce", nonce);
    // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
    requestHeaders.set("Content-Security-Policy", csp);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
