import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

const alias = {
  "@": root,
  // `server-only` throws outside React Server Components; tests import server modules directly.
  "server-only": path.join(root, "tests/stubs/server-only.ts"),
};

/** Integration tests about SQLite itself or about the PostgreSQL tooling: run once, not per database. */
const SQLITE_ONLY_INTEGRATION = [
  "tests/integration/backup.test.ts",
  "tests/integration/db.test.ts",
  "tests/integration/sql.test.ts",
  "tests/integration/seed-large.test.ts",
  "tests/integration/health-route.test.ts",
  "tests/integration/health-route-postgres.test.ts",
  "tests/integration/setup/**",
  // Commands that touch no database.
  "tests/integration/materials/import-cli.test.ts",
  // The test run's own PostgreSQL server and browser (tests/support/).
  "tests/integration/support/**",
];

/**
 * Run by `e2e` only: `npm start` migrating a SQLite file, the database file deleted under a running
 * server, and tests that start servers of their own on a SQLite file of their own (whatever the
 * database, so once is enough). Also the sweep of every page's layout and accessibility at two screen
 * sizes, which the database does not change and which takes minutes.
 */
const SQLITE_ONLY_E2E = [
  "tests/e2e/production-start.test.ts",
  "tests/e2e/forwarded-headers.test.ts",
  "tests/e2e/database-file.test.ts",
  "tests/e2e/every-page.test.ts",
  // Layout and browser behaviour, whose data rules run on both databases in integration and
  // integration-pg: a second pass on PostgreSQL would add minutes and prove nothing new.
  "tests/e2e/header-and-notes-layout.test.ts",
  "tests/e2e/progress-honest.test.ts",
  // The tracker in the browser (scrolling, reading, the beat a closing page sends past the service
  // worker): the merge behind it runs on PostgreSQL in integration-pg, progress-concurrency and
  // two-instances; a second browser pass here cost 95 s of CI time.
  "tests/e2e/progress.test.ts",
  "tests/e2e/reflection-review.test.ts",
  // Accessibility, phone layout, font size, printing, the 404 page, the notes panel and the
  // administrators' pages: what they check is the page in the browser; notes' sync, the counters,
  // reminders and the audit log run on both databases in integration and integration-pg (and the
  // dashboard at 100,000 readers in the bench).
  "tests/e2e/accessibility.test.ts",
  "tests/e2e/phone-and-landing.test.ts",
  "tests/e2e/phone.test.ts",
  "tests/e2e/font-size.test.ts",
  "tests/e2e/notes.test.ts",
  "tests/e2e/dashboard.test.ts",
  "tests/e2e/admin-audit-reminders.test.ts",
  "tests/e2e/print.test.ts",
  "tests/e2e/not-found.test.ts",
  // Publishing, reading published materials, self-tests and offline reading: their data rules run on
  // both databases in integration and integration-pg, and two-instances.test.ts publishes and revises
  // through the pages on PostgreSQL.
  "tests/e2e/materials-admin.test.ts",
  "tests/e2e/published-reading.test.ts",
  "tests/e2e/self-test.test.ts",
  "tests/e2e/quiz-authoring.test.ts",
  "tests/e2e/offline-reading.test.ts",
  "tests/e2e/progress-offline.test.ts",
  "tests/e2e/item-analysis.test.ts",
  "tests/e2e/certificates.test.ts",
  "tests/e2e/require-pass.test.ts",
];

/**
 * Browser-suite tests that start their own servers on PostgreSQL databases of their own (run by
 * `e2e-pg` only): several instances on one database, and `npm start`'s graceful shutdown.
 */
const POSTGRES_ONLY_E2E = ["tests/e2e/two-instances.test.ts", "tests/e2e/graceful-shutdown.test.ts"];

export default defineConfig({
  resolve: { alias },
  test: {
    // The default report, then which suites ran against which PostgreSQL server and browser.
    reporters: ["default", "./tests/support/run-summary.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // The PostgreSQL tooling tests (SQLITE_ONLY_INTEGRATION) need the run's PostgreSQL server.
          globalSetup: ["tests/integration/postgres-server-setup.ts"],
          testTimeout: 30_000,
          // Each file migrates its own database in beforeAll (`prisma migrate deploy` takes seconds on a busy machine).
          hookTimeout: 60_000,
        },
      },
      {
        // The same integration tests on PostgreSQL (issue 7), each file on its own copy of a migrated
        // template database. Left out: tests of SQLite itself (its file, pragmas, driver, backup) and
        // the PostgreSQL tooling tests, which already run against PostgreSQL above.
        extends: true,
        test: {
          name: "integration-pg",
          include: ["tests/integration/**/*.test.ts"],
          exclude: SQLITE_ONLY_INTEGRATION,
          environment: "node",
          testTimeout: 30_000,
          // Each file migrates its own database in beforeAll (`prisma migrate deploy` takes seconds on a busy machine).
          hookTimeout: 60_000,
          env: { TEST_DATABASE: "postgresql" },
          // The machine's PostgreSQL, or one started from the npm registry when nothing answers
          // (tests/support/postgres-server.ts); without either, each file fails with the reason.
          globalSetup: ["tests/integration/postgres-setup.ts"],
          setupFiles: ["tests/e2e/setup-check.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: POSTGRES_ONLY_E2E,
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          setupFiles: ["tests/e2e/setup-check.ts"],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          // One browser and one server: run e2e files one after another.
          fileParallelism: false,
          // After unit and integration tests, and never at the same time as e2e-pg: a browser and a
          // production server each, on a 2-core CI machine, would only make both slow and flaky.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The same browser tests against PostgreSQL (issue 7): its own database and `next start` on
        // the build made for `e2e`. Left out: tests of SQLite itself. Plus the tests that need
        // PostgreSQL (POSTGRES_ONLY_E2E).
        extends: true,
        test: {
          name: "e2e-pg",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: SQLITE_ONLY_E2E,
          environment: "node",
          globalSetup: ["tests/e2e/global-setup-postgres.ts"],
          setupFiles: ["tests/e2e/setup-check.ts"],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
