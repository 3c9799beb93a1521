// Runs once when a server process starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself, not configuration; the database needs the Node.js runtime.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { syncSectionRevisions } = await import("./lib/content/revisions");
  const added = await syncSectionRevisions();
  if (added > 0) console.log(`[content] recorded ${added} new section version(s)`);
  const { syncMaterialCatalog } = await import("./lib/reports/counters");
  const rebuilt = await syncMaterialCatalog();
  if (rebuilt.length > 0) console.log(`[reports] section lists changed; rebuilt completion counters of ${rebuilt.join(", ")}`);
}
