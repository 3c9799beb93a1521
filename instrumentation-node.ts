// The Node.js server's start-up work, imported by instrumentation.ts only in the Node.js runtime.

/** Checks the environment, installs graceful shutdown, and brings content versions and counters up to date. */
export async function registerNodeServer(): Promise<void> {
  const { getEnv } = await import("./lib/env");
  let env: ReturnType<typeof getEnv>;
  try {
    env = getEnv();
  } catch (error) {
    // A misconfigured instance must not join the pool answering errors: stop with the reason.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  // The portal's server (`npm start`, lib/server/) sets NEXT_MANUAL_SIG_HANDLE: the signals are lib/shutdown.ts's.
  if (env.NEXT_MANUAL_SIG_HANDLE) {
    const { installShutdownHandlers } = await import("./lib/shutdown");
    installShutdownHandlers();
  } else if (env.NODE_ENV === "production") {
    console.warn("[shutdown] NEXT_MANUAL_SIG_HANDLE is not set: on SIGTERM Next.js exits without closing the database connections (start with `npm start`)");
  }
  // The portal server's lean path for reading beats (lib/server/lean-routes.ts), compiled here, in
  // Next's server bundle, with the functions and database clients the route handler uses.
  const { registerLeanRoutes } = await import("./lib/server/lean-routes");
  registerLeanRoutes();
  // The lean path's session cache: live on SQLite at once (it asks PRAGMA data_version before each
  // answer), on PostgreSQL while this process hears the database's session notifications
  // (lib/auth/session-listener.ts).
  const { startSessionListener } = await import("./lib/auth/session-listener");
  startSessionListener();
  const { syncSectionRevisions } = await import("./lib/content/revisions");
  const added = await syncSectionRevisions();
  if (added > 0) console.log(`[content] recorded ${added} new section version(s)`);
  // Materials published from the browser join the catalogue like content/ ones, now and whenever
  // one is published, revised or archived on any instance (lib/content/watch.ts).
  const { refreshPublishedMaterials } = await import("./lib/content");
  await refreshPublishedMaterials({ force: true });
  const { syncMaterialCatalog } = await import("./lib/reports/counters");
  const syncCatalog = async () => {
    const rebuilt = await syncMaterialCatalog();
    if (rebuilt.length > 0) console.log(`[reports] section lists changed; rebuilt completion counters of ${rebuilt.join(", ")}`);
  };
  await syncCatalog();
  const { startPublishedMaterialsWatch } = await import("./lib/content/watch");
  startPublishedMaterialsWatch(syncCatalog);
}
