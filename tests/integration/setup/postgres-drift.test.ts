// The PostgreSQL drift check: silent when the committed migrations build the committed schema,
// and naming what differs when a migration is missing part of it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkPostgresDrift, diffSnapshots, snapshotSchema } from "@/lib/setup/postgres-drift";
import { migratePostgres } from "@/lib/setup/migrate-postgres";
import { POSTGRES_ADMIN_URL, createPostgresDatabase } from "../helpers/postgres";

const BASELINE = "prisma/postgres/migrations/20261129040000_baseline/migration.sql";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-drift-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("checkPostgresDrift", () => {
  it("finds no difference between the committed migrations and the committed schema", async () => {
    expect(await checkPostgresDrift({ adminUrl: POSTGRES_ADMIN_URL })).toEqual([]);
  }, 60_000);

  it("names an index and a column type that the migrations got wrong", async () => {
    const baseline = fs.readFileSync(BASELINE, "utf8");
    const edited = baseline
      .replace(`CREATE INDEX "User_unitId_idx" ON "User"("unitId");`, "")
      .replace(`"readChars" INTEGER NOT NULL DEFAULT 0,`, `"readChars" BIGINT NOT NULL DEFAULT 0,`);
    expect(edited).not.toBe(baseline);
    // Every committed migration, with the baseline edited.
    fs.cpSync("prisma/postgres/migrations", dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "20261129040000_baseline", "migration.sql"), edited);
    const differences = await checkPostgresDrift({ adminUrl: POSTGRES_ADMIN_URL, migrationsDir: dir });
    expect(differences).toEqual(
      expect.arrayContaining([
        `+ index CREATE INDEX "User_unitId_idx" ON public."User" USING btree ("unitId")`,
        `- column "SectionProgress"."readChars" bigint NOT NULL DEFAULT 0`,
        `+ column "SectionProgress"."readChars" integer NOT NULL DEFAULT 0`,
      ]),
    );
    expect(differences).toHaveLength(3);
  }, 60_000);

  it("describes enums, columns, indexes and constraints, but not the ledger", async () => {
    const database = await createPostgresDatabase();
    try {
      await migratePostgres({ connectionString: database.url });
      const lines = await snapshotSchema(database.url);
      expect(lines).toEqual(expect.arrayContaining([
        "enum Role (READER, UNIT_ADMIN, SYSTEM_ADMIN)",
        `column "User".role "Role" NOT NULL DEFAULT 'READER'::"Role"`,
        `constraint "SectionProgress"."SectionProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"(id) ON UPDATE CASCADE ON DELETE CASCADE`,
      ]));
      expect(lines.some((line) => line.includes("_portal_migrations"))).toBe(false);
      expect(diffSnapshots(lines, lines)).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
