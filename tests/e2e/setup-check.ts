/**
 * Setup file of the projects with a global setup that provides a service (a server, a database, a
 * browser): when it failed, every test file of the project fails with the reason, while the other
 * projects still run and report (tests/support/setup-failure.ts). Thrown while the file loads, so
 * none of its hooks run against the missing service and add errors of their own.
 */
import { inject } from "vitest";

const error = inject("setupError");
if (error) throw new Error(`This suite's global setup failed, so its tests cannot run:\n${error}`);
