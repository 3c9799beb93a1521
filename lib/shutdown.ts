import "server-only";
import diagnostics from "node:diagnostics_channel";
import type { Server, ServerResponse } from "node:http";
import { stopPublishedMaterialsWatch } from "./content/watch";
import { closeDb } from "./db";
import { stopSessionListener } from "./auth/session-listener";
import { closeSqlConnection } from "./sql";

/**
 * Graceful shutdown for the production server: the portal's own (lib/server/, `npm start`), or
 * `next start` started with NEXT_MANUAL_SIG_HANDLE=true. The portal's server sets that variable.
 *
 * Next.js's own handler drains requests but exits with 143/130 and cannot close our connections, and
 * it hands no reference to its HTTP server to the app. This module runs inside Next's server bundles
 * (instrumentation.ts), where the database clients live, not beside the portal's server, so neither
 * knows the other's objects. Node's diagnostics channel
 * `http.server.request.start` does: every request reports its server and response, so this module
 * counts the requests in flight and knows which server to close. On SIGTERM or SIGINT it
 * 1. stops accepting connections (server.close) and drops idle keep-alive ones,
 * 2. waits for the requests already accepted to send their whole response,
 * 3. stops the session listener (PostgreSQL), closes the PostgreSQL pool (closeDb) and the SQLite raw
 *    connection (closeSqlConnection),
 * 4. exits 0; 1 if requests were still running after SHUTDOWN_DRAIN_TIMEOUT_MS.
 * Nothing here uses `after()`, whose callbacks Next.js's own handler would also have awaited.
 */

/** Longest wait for requests in flight: under the 30 s Docker and Kubernetes give before SIGKILL. */
export const SHUTDOWN_DRAIN_TIMEOUT_MS = 25_000;

type Tracker = { servers: Set<Server>; inFlight: Set<ServerResponse>; drained: Array<() => void>; stopping: boolean; installed: boolean };
// On globalThis: instrumentation and the route bundles may each hold a copy of this module.
const holder = globalThis as typeof globalThis & { __portalShutdown?: Tracker };
const tracker: Tracker = (holder.__portalShutdown ??= { servers: new Set(), inFlight: new Set(), drained: [], stopping: false, installed: false });

type RequestStart = { server: Server; response: ServerResponse };

function onRequestStart(message: unknown): void {
  const { server, response } = message as RequestStart;
  tracker.servers.add(server);
  tracker.inFlight.add(response);
  // Asks the client (or proxy) not to reuse the connection of a request that arrives while stopping.
  if (tracker.stopping && !response.headersSent) response.setHeader("Connection", "close");
  // "close" fires however the response ends: sent in full, or the client went away.
  response.once("close", () => {
    tracker.inFlight.delete(response);
    if (tracker.inFlight.size === 0) tracker.drained.splice(0).forEach((resolve) => resolve());
  });
}

function waitForDrain(timeoutMs: number): Promise<boolean> {
  if (tracker.inFlight.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    tracker.drained.push(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Stops serving, lets accepted requests finish, closes the database connections; resolves to the exit code. */
export async function shutDown(signal: string, timeoutMs = SHUTDOWN_DRAIN_TIMEOUT_MS): Promise<number> {
  tracker.stopping = true;
  stopPublishedMaterialsWatch();
  console.log(`[shutdown] ${signal}: no new connections; waiting for ${tracker.inFlight.size} request(s) in flight`);
  for (const server of tracker.servers) {
    server.close();
    server.closeIdleConnections();
  }
  for (const response of tracker.inFlight) if (!response.headersSent) response.setHeader("Connection", "close");
  const drained = await waitForDrain(timeoutMs);
  if (!drained) console.error(`[shutdown] ${tracker.inFlight.size} request(s) still running after ${timeoutMs / 1000} s; closing anyway`);
  try {
    await stopSessionListener();
    closeSqlConnection();
    await closeDb();
    console.log("[shutdown] database connections closed");
  } catch (error) {
    console.error("[shutdown] closing the database connections failed:", error);
    return 1;
  }
  return drained ? 0 : 1;
}

/** Counts requests from now on and handles SIGTERM/SIGINT as above; once per process. */
export function installShutdownHandlers(): void {
  if (tracker.installed) return;
  tracker.installed = true;
  diagnostics.subscribe("http.server.request.start", onRequestStart);
  let started = false;
  const handle = (signal: NodeJS.Signals) => {
    // npm passes on the signal it receives, and Ctrl-C reaches npm and the server both: one shutdown.
    if (started) return;
    started = true;
    void shutDown(signal).then((code) => process.exit(code));
  };
  process.on("SIGTERM", handle);
  process.on("SIGINT", handle);
}
