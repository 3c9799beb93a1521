import { NextResponse, type NextRequest } from "next/server";
import { checkReadingPage, READING_PAGE } from "./lib/auth/reading-gate";
import { SESSION_COOKIE } from "./lib/auth/session";
import { getPublishedPagePath } from "./lib/content/addresses";
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

function isPrefetch(request: NextRequest): boolean {
  return request.headers.has("next-router-prefetch") || request.headers.get("purpose") === "prefetch";
}

/**
 * Signs readers in on prerendered pages, sends the addresses of published materials to their
 * per-request pages, and sets the Content-Security-Policy of every page.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const env = getEnv();
  // A published material's /materials/ address is rendered by app/published/, which checks the
  // reader and the material's audience itself. Prefetches of it must go there too, or the client
  // router would keep the prerendered route's 404.
  const published = getPublishedPagePath(pathname);
  if (isPrefetch(request)) return published ? NextResponse.rewrite(new URL(published + search, request.url)) : NextResponse.next();
  if (READING_PAGE.test(pathname) && !published) {
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
  const response = published
    ? NextResponse.rewrite(new URL(published + search, request.url), { request: { headers: requestHeaders } })
    : NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    // Prefetches of material pages, only for the published materials' rewrite (see above).
    { source: "/materials/:path*", has: [{ type: "header", key: "next-router-prefetch" }] },
    { source: "/materials/:path*", has: [{ type: "header", key: "purpose", value: "prefetch" }] },
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
