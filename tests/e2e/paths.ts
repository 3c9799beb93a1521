import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root, found from this file so tests work whatever folder vitest was started in. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Where screenshots and PDFs go; test-results/ is git-ignored. */
export const RESULTS_DIR = path.join(ROOT, "test-results");
