import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { loadMaterialSource } from "./content";
import { ROOT } from "./paths";

type Health = {
  status: string;
  database: { status: string; journalMode?: string; foreignKeys?: boolean; migrationsApplied?: number; sectionRevisions?: number };
  content: { materials: number; sections: number };
};

/** Migrations in the repository: a fresh database must have applied every one of them. */
function migrationCount(): number {
  const dir = path.join(ROOT, "prisma", "migrations");
  return fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
}

describe("GET /api/health", () => {
  it("reports a healthy SQLite database in WAL mode with foreign keys enforced", async () => {
    const response = await fetch(`${inject("baseURL")}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    // Monitoring must never see a cached answer.
    expect(response.headers.get("cache-control")).toContain("no-store");

    const health = (await response.json()) as Health;
    expect(health.status).toBe("ok");
    expect(health.database.status).toBe("ok");
    expect(health.database.journalMode).toBe("wal");
    expect(health.database.foreignKeys).toBe(true);
    expect(health.database.migrationsApplied).toBe(migrationCount());

    // The test server started on an empty database and recorded one version of every section.
    const sections = loadMaterialSource().sections.length;
    expect(health.content.sections).toBe(sections);
    expect(health.database.sectionRevisions).toBe(sections);
  });
});
