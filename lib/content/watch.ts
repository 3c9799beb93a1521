import "server-only";
import { CHECK_INTERVAL_MS, getPublishedVersion, refreshPublishedMaterials } from "./published";

// The portal server's look at the published materials, once per CHECK_INTERVAL_MS whether or not
// requests come: a material published, revised or archived on another instance is then served here,
// and its section list and completion counters (MaterialInfo) brought up to date, within seconds.

let timer: NodeJS.Timeout | undefined;

/** Starts watching; `onChange` runs after each reload (one at a time), with errors logged, never thrown. */
export function startPublishedMaterialsWatch(onChange: () => Promise<void>): void {
  if (timer) return;
  let handled = getPublishedVersion();
  let running = false;
  timer = setInterval(() => {
    if (running) return;
    running = true;
    refreshPublishedMaterials()
      .then(async () => {
        const version = getPublishedVersion();
        if (version === handled) return;
        await onChange();
        handled = version;
      })
      .catch((error: unknown) => console.error("[content] checking for published materials failed:", error instanceof Error ? error.message : error))
      .finally(() => {
        running = false;
      });
  }, CHECK_INTERVAL_MS);
  timer.unref();
}

/** Stops watching (graceful shutdown, before the database connections close). */
export function stopPublishedMaterialsWatch(): void {
  clearInterval(timer);
  timer = undefined;
}
