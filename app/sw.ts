/// <reference lib="webworker" />
// The service worker (issue 18), bundled at build time by @serwist/turbopack (app/serwist/[path]/
// route.ts): nothing is loaded from elsewhere. It precaches the app's static files and the offline
// page; reading pages are network-first (online, the latest revision wins and replaces the cached
// copy), with the cached copy offline; pages that need the server show the offline page instead of
// the browser's error. API requests are never cached.
import { NetworkFirst, NetworkOnly, Serwist, type PrecacheEntry, type SerwistGlobalConfig } from "serwist";
import { OFFLINE_PATH, PERSONAL_CACHE, PERSONAL_PATH, READING_CACHE, READING_PATH } from "@/lib/offline/config";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

// A page that answers with a redirect (to /login) or an error is never kept.
const keepOnlyOk = [{ cacheWillUpdate: async ({ response }: { response: Response }) => (response.ok && !response.redirected ? response : null) }];

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    {
      matcher: ({ request, url, sameOrigin }) => sameOrigin && request.mode === "navigate" && READING_PATH.test(url.pathname),
      handler: new NetworkFirst({ cacheName: READING_CACHE, networkTimeoutSeconds: 8, plugins: keepOnlyOk }),
    },
    {
      matcher: ({ request, url, sameOrigin }) => sameOrigin && request.mode === "navigate" && PERSONAL_PATH.test(url.pathname),
      handler: new NetworkFirst({ cacheName: PERSONAL_CACHE, networkTimeoutSeconds: 8, plugins: keepOnlyOk }),
    },
    // Other pages go to the network, and one that fails to load offline gets the offline page. Nothing
    // else is handled here; API calls bypass the worker entirely (below).
    { matcher: ({ request, sameOrigin }) => sameOrigin && request.mode === "navigate", handler: new NetworkOnly() },
  ],
  fallbacks: {
    entries: [{ url: OFFLINE_PATH, matcher: ({ request }) => request.mode === "navigate" }],
  },
});

// Requests to /api/ never reach this worker at all (the static routing API, Chromium 123+): with any
// fetch listener installed, Chromium drops a beacon sent while the page unloads, so the reading of
// every page view's last seconds was lost whenever the reader left by a full navigation. Browsers
// without the API keep the beat queued, and the next reading page sends it.
type RouterRule = { condition: { urlPattern: unknown }; source: "network" };
self.addEventListener("install", (event) => {
  const install = event as ExtendableEvent & { addRoutes?: (rules: RouterRule[]) => Promise<void> };
  const Pattern = (globalThis as { URLPattern?: new (init: { pathname: string }) => unknown }).URLPattern;
  if (typeof install.addRoutes !== "function" || !Pattern) return;
  install.waitUntil(install.addRoutes([{ condition: { urlPattern: new Pattern({ pathname: "/api/*" }) }, source: "network" }]).catch(() => undefined));
});

serwist.addEventListeners();
