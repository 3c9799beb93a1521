/**
 * Setup file of the e2e projects: when the project's server could not be started (global setup),
 * every test file fails with the reason, while the other projects still run and report.
 */
import { beforeAll, inject } from "vitest";

beforeAll(() => {
  const error = inject("setupError");
  if (error) throw new Error(`The browser tests' server did not start:\n${error}`);
});
