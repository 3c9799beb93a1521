/**
 * A global setup that failed, reported without aborting the run. Throwing from a global setup makes
 * vitest stop the whole run (unit tests included) with a misleading "No test files found"; instead the
 * reason is provided as `setupError`, and tests/e2e/setup-check.ts (a setup file of the projects that
 * use this) fails every test file of that project with it, while the other projects run and report.
 */
import type { TestProject } from "vitest/node";

type Provide = TestProject["provide"];

/** Logs the reason, hands it to setup-check.ts and returns the (empty) teardown. */
export function reportSetupFailure(provide: Provide, project: string, error: unknown): () => Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[${project}] global setup failed; every test of ${project} will fail with:\n${message}`);
  provide("setupError", message);
  return async () => {};
}
