import type { NextConfig } from "next";
import { describeServerActionsKeyProblem } from "./lib/env";
import { STATIC_SECURITY_HEADERS } from "./lib/security/csp";
import { getBuildId } from "./lib/setup/build-id";

// Next.js embeds this key in the build; a malformed one would only fail at the first server action.
const actionsKey = process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY?.trim();
const actionsKeyProblem = actionsKey ? describeServerActionsKeyProblem(actionsKey) : null;
if (actionsKeyProblem) throw new Error(`NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ${actionsKeyProblem}`);

const nextConfig: NextConfig = {
  // Tests and benchmarks build into their own folder so they never clobber a running demo server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // The same id on every machine that builds the same source (docs/postgresql.md, "Deploying on
  // PostgreSQL with several instances"), instead of Next's random one per build.
  generateBuildId: async () => getBuildId({ override: process.env.PORTAL_BUILD_ID, root: process.cwd() }),
  productionBrowserSourceMaps: process.env.BENCH_SOURCEMAPS === "1",
  reactStrictMode: true,
  // Loaded from node_modules at run time, never bundled: the native drivers, and exceljs, whose
  // streaming writer calls the deprecated `Buffer()` (archiver-utils@2; the majors without that call
  // break the writer). Node flags such calls only outside node_modules, i.e. once they are bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@node-rs/argon2", "exceljs"],
  // Side builds for tests and benchmarks skip Next's own type check: `npm test` type-checks the
  // whole project first, and a production `npm run build` still checks.
  typescript: { ignoreBuildErrors: Boolean(process.env.NEXT_DIST_DIR) },
  // forbidden() / unauthorized() give real 403 / 401 pages.
  experimental: {
    authInterrupts: true,
    // Next copies a POST body that passes through proxy.ts (every server action does) into two
    // buffers for the proxy, without backpressure, up to this size (10 MB by default: 10 concurrent
    // oversized action POSTs took +160 MB). Server actions accept 1 MB (serverActions.bodySizeLimit's
    // default), so nothing larger is ever needed there; route handlers under /api/ skip the proxy
    // and count their own bodies (lib/http/body.ts).
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;
