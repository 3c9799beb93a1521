import { parseArgs } from "node:util";
import { getEnv } from "../env";
import { startPortalServer } from "./portal-server";

const USAGE = "usage: npm start -- [-p|--port <port>] [-H|--hostname <address>] [--keepAliveTimeout <ms>]";

export type ServerArgs = { port?: number; hostname?: string; keepAliveTimeoutMs?: number };

function parsePositiveInteger(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got "${value}"\n${USAGE}`);
  return number;
}

/** The command line of `next start` that the portal keeps: -p/--port, -H/--hostname, --keepAliveTimeout. */
export function parseServerArgs(argv: string[]): ServerArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, keepAliveTimeout: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  return {
    port: parsePositiveInteger("--port", values.port, 65_535),
    hostname: values.hostname?.trim() || undefined,
    keepAliveTimeoutMs: parsePositiveInteger("--keepAliveTimeout", values.keepAliveTimeout, 2_147_483_647),
  };
}

/**
 * The production server's entry (`npm start`, scripts/server.ts): the same command line and PORT
 * as `next start`, then startPortalServer. A bad argument or environment stops the process with
 * exit code 1 and an English message, before anything listens.
 */
export async function runPortalServer(argv: string[]): Promise<void> {
  // tsx turns source maps on for the TypeScript it compiles; Node would then also read and keep the
  // source map of every Next server file it loads (+50 MB of memory, measured). `next start` runs
  // without them, and so does this server.
  process.setSourceMapsEnabled(false);
  // As `next start`: production unless told otherwise, settled before Next and React load. (Next's
  // typings declare NODE_ENV read-only; it is an ordinary variable until something reads it.)
  (process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
  // The portal drains requests and closes the database on SIGTERM/SIGINT (lib/shutdown.ts, installed
  // by instrumentation.ts when this is set); Next installs no signal handlers in a custom server.
  process.env.NEXT_MANUAL_SIG_HANDLE = "true";
  try {
    const args = parseServerArgs(argv);
    const env = getEnv();
    const hops = env.TRUSTED_PROXY_HOPS;
    const { url } = await startPortalServer({
      dir: process.cwd(),
      port: args.port ?? env.PORT,
      hostname: args.hostname,
      keepAliveTimeoutMs: args.keepAliveTimeoutMs,
      trustedProxyHops: hops,
    });
    console.log(`[server] ready on ${url} (${env.NODE_ENV}, build ${env.NEXT_DIST_DIR}, TRUSTED_PROXY_HOPS=${hops})`);
  } catch (error) {
    console.error(`[server] not started: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
