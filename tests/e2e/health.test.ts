import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { loadMaterialSource } from "./content";
import { ROOT } from "./paths";

type Health = {
  status: string;
  database: { status: string; provider?: string; journalMode?: string; foreignKeys?: boolean; migrationsApplied?: number; sectionRevisions?: number };
  content: { materials: number; sections: number };
};

/** Migrations in the repository: a fresh database must have applied every one of them. */
function migrationCount(dir: string): number {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
}

// The same server checks run by `e2e` (SQLite) and `e2e-pg` (PostgreSQL); the database facts differ.
const onPostgres = /^postgres(ql)?:\/\//.test(inject("databaseUrl"));

async function getHealth(): Promise<Health> {
  const response = await fetch(`${inject("baseURL")}/api/health`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  // Monitoring must never see a cached answer.
  expect(response.headers.get("cache-control")).toContain("no-store");
  const health = (await response.json()) as Health;
  expect(health.status).toBe("ok");
  expect(health.database.status).toBe("ok");
  // The test server started on an empty database and recorded one version of every content/ section
  // (materials published from the browser by other browser tests record theirs too).
  const sections = loadMaterialSource().sections.length;
  expect(health.content.sections).toBe(sections);
  expect(health.database.sectionRevisions).toBeGreaterThanOrEqual(sections);
  return health;
}

// One test, its checks chosen by the database: no skipped twin in either project.
const expectations = onPostgres
  ? {
      title: "reports a healthy PostgreSQL database with every PostgreSQL migration applied",
      check: (health: Health) => {
        expect(health.database.provider).toBe("postgresql");
        expect(health.database.migrationsApplied).toBe(migrationCount("prisma/postgres/migrations"));
      },
    }
  : {
      title: "reports a healthy SQLite database in WAL mode with foreign keys enforced",
      check: (health: Health) => {
        expect(health.database.provider).toBe("sqlite");
        expect(health.database.journalMode).toBe("wal");
        expect(health.database.foreignKeys).toBe(true);
        expect(health.database.migrationsApplied).toBe(migrationCount("prisma/migrations"));
      },
    };

describe("GET /api/health", () => {
  it(expectations.title, async () => {
    expectations.check(await getHealth());
  });
});
