import { createSerwistRoute } from "@serwist/turbopack";
import { getBuildId } from "@/lib/setup/build-id";
import { OFFLINE_PATH } from "@/lib/offline/config";

// The service worker (app/sw.ts), bundled with esbuild when the app is built and served as a static
// file at /serwist/sw.js. The offline page is precached with the build's id as its revision, so a
// new release replaces it.
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "app/sw.ts",
  useNativeEsbuild: true,
  additionalPrecacheEntries: [{ url: OFFLINE_PATH, revision: getBuildId({ override: process.env.PORTAL_BUILD_ID, root: process.cwd() }) }],
});
