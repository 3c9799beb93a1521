import http from "node:http";
import type { AddressInfo } from "node:net";
import { getLeanRouter } from "./lean-registry";
import { checkCrossSiteAction, checkPageBody, sendRefusal, trustForwardedHeaders } from "./request-guard";

export type PortalServerOptions = {
  /** The project folder (next.config.ts, the build in NEXT_DIST_DIR or .next). */
  dir: string;
  port: number;
  /** Address to listen on; all interfaces when undefined, as `next start`. */
  hostname?: string;
  keepAliveTimeoutMs?: number;
  trustedProxyHops: number;
};

export type PortalServer = { server: http.Server; url: string };

/** `next start`'s name for the listening address in URLs: "localhost" for all interfaces. */
function formatUrl(address: AddressInfo, hostname: string | undefined): string {
  const host = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  return `http://${host}:${address.port}`;
}

/**
 * Serves the production build through Next's request handler behind a plain node:http server, so
 * that every request passes the portal's own checks first (request-guard.ts): the peer address
 * appended to X-Forwarded-For, the forwarding headers made trustworthy, cross-site server actions
 * refused with 403, page bodies over the actions' limit refused with 413. Reading beats and
 * signed-in readers' prerendered reading pages then take the lean path (lean-routes.ts), everything
 * else Next's handler. Resolves once the server listens. Signals are left to lib/shutdown.ts, which
 * instrumentation.ts installs in Next's server code, and which finds this server through the
 * `http.server.request.start` diagnostics channel.
 */
export async function startPortalServer(options: PortalServerOptions): Promise<PortalServer> {
  // Loaded here, not at the top: NODE_ENV must be settled before Next and React are first loaded.
  const { default: next } = await import("next");
  const server = http.createServer();
  const app = next({ dev: false, dir: options.dir, hostname: options.hostname, port: options.port, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  const hops = options.trustedProxyHops;

  server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
    trustForwardedHeaders(request, hops);
    const refusal = checkCrossSiteAction(request) ?? checkPageBody(request);
    if (refusal) return sendRefusal(request, response, refusal);
    // The lean path (lean-routes.ts): reading beats and signed-in readers' prerendered reading pages,
    // answered here with the functions Next's route and proxy use; the rest goes to Next.
    const lean = getLeanRouter()?.(request);
    const handled = lean ? lean(request, response, () => handle(request, response)) : handle(request, response);
    handled.catch((error: unknown) => {
      // Next answers its own errors; this is the last resort `next start` has too.
      console.error(`[server] failed to handle ${request.method} ${request.url}:`, error);
      if (response.headersSent) response.destroy();
      else {
        response.statusCode = 500;
        response.end("Internal Server Error");
      }
    });
  });
  if (options.keepAliveTimeoutMs) server.keepAliveTimeout = options.keepAliveTimeoutMs;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => console.error("[server] error:", error));
  const url = formatUrl(server.address() as AddressInfo, options.hostname);
  // As `next start` does: Next fetches the target of a server action's redirect from this origin
  // (straight to this process, not through the proxy's public URL and scheme).
  process.env.PORT = String((server.address() as AddressInfo).port);
  process.env.__NEXT_PRIVATE_ORIGIN = url;
  return { server, url };
}
