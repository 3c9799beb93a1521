import fs from "node:fs";
import path from "node:path";
import { findFreePort, pinCommand, readCpuSeconds, ROOT, startProcess, waitForOk, type Env, type Pinning } from "./processes";

export type Server = {
  name: string;
  origin: string;
  /** CPU seconds the server's processes have used so far, when the OS tells. */
  readCpuSeconds: () => number | undefined;
};

export type NextServerOptions = { distDir: string; databaseUrl: string; logDir: string; pinning: Pinning; env?: Env };

/** Starts `next start` on a free loopback port and waits until /api/health answers 200. */
export async function startNextServer(options: NextServerOptions): Promise<Server> {
  const port = await findFreePort();
  const env: Env = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: options.distDir,
    DATABASE_URL: options.databaseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  // --no-install: never let npx reach for the registry if the local binary is missing.
  const [command, args] = pinCommand(options.pinning, options.pinning.serverCore, "npx", [
    "--no-install", "next", "start", "-p", String(port), "-H", "127.0.0.1",
  ]);
  const logFile = path.join(options.logDir, "next-server.log");
  const managed = startProcess("next start", command, args, env, logFile);
  const origin = `http://127.0.0.1:${port}`;
  await waitForOk(`${origin}/api/health`, managed);
  return { name: "next", origin, readCpuSeconds: () => readCpuSeconds(managed) };
}

export type BareServerOptions = { body: Buffer; contentType: string; logDir: string; pinning: Pinning };

/** Starts the node:http baseline that answers every request with `body`. */
export async function startBareServer(options: BareServerOptions): Promise<Server> {
  const port = await findFreePort();
  const bodyFile = path.join(options.logDir, "bare-body.html");
  fs.writeFileSync(bodyFile, options.body);
  const script = path.join(ROOT, "scripts", "bench", "bare-server.ts");
  // `--import tsx` only costs start-up time; the request path is plain node:http.
  const [command, args] = pinCommand(options.pinning, options.pinning.serverCore, process.execPath, [
    "--import", "tsx", script, String(port), bodyFile, options.contentType,
  ]);
  const logFile = path.join(options.logDir, "bare-server.log");
  const managed = startProcess("bare node:http server", command, args, { ...process.env }, logFile);
  const origin = `http://127.0.0.1:${port}`;
  await waitForOk(`${origin}/`, managed, 20_000);
  return { name: "bare", origin, readCpuSeconds: () => readCpuSeconds(managed) };
}
