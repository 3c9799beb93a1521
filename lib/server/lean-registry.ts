import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Answers one request in full without Next, or hands it to Next (`toNext`) when it finds it cannot
 * answer exactly as Next would (e.g. a reading page for a visitor who must be redirected); resolves
 * when the answer is sent.
 */
export type LeanHandler = (request: IncomingMessage, response: ServerResponse, toNext: () => Promise<void>) => Promise<void>;

/** The handler for a request the lean path serves itself, or undefined to leave it to Next. */
export type LeanRouter = (request: IncomingMessage) => LeanHandler | undefined;

// The lean routes are compiled into Next's server bundle (lib/server/lean-routes.ts, imported by
// instrumentation-node.ts), where the session, validation and merge functions and the database
// clients live; the portal server (lib/server/portal-server.ts) runs beside that bundle and finds
// them here, as lib/shutdown.ts finds the server through a diagnostics channel.
const holder = globalThis as typeof globalThis & { __portalLeanRouter?: LeanRouter };

/** Installs the lean router (instrumentation, once per process). */
export function setLeanRouter(router: LeanRouter): void {
  holder.__portalLeanRouter = router;
}

/** The lean router, once instrumentation has installed it. */
export function getLeanRouter(): LeanRouter | undefined {
  return holder.__portalLeanRouter;
}
