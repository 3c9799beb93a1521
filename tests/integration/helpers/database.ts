import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type TestDatabase = { url: string; file: string; remove: () => void };

/**
 * Creates a fresh SQLite file with every committed migration applied by the same command that
 * production uses (`prisma migrate deploy`), and points DATABASE_URL at it for this test file.
 */
export function createTestDatabase(): TestDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-db-"));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: path.resolve(__dirname, "../../.."),
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  process.env.DATABASE_URL = url;
  return { url, file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
