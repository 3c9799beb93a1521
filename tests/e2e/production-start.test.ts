/**
 * `npm start` is what a real deployment runs: it must migrate an empty database and serve, and must
 * never create the demo accounts whose passwords are published in the README.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../scripts/bench/processes";
import { ROOT } from "./paths";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-prod-"));
const dbFile = path.join(dir, "prod.db");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the production start command", () => {
  it("migrates an empty database and serves without seeding any account", async () => {
    const port = await findFreePort();
    const { NODE_ENV: _ignored, ...env } = process.env;
    const child = spawn("npm", ["start", "--", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: `file:${dbFile}`, NEXT_DIST_DIR: ".next-e2e", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    try {
      let healthy = false;
      for (let i = 0; i < 120 && !healthy; i++) {
        healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(healthy, log).toBe(true);
      const db = new Database(dbFile, { readonly: true });
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
      expect(count("_prisma_migrations")).toBe(fs.readdirSync(path.join(ROOT, "prisma/migrations")).filter((f) => /^\d/.test(f)).length);
      expect(count("User")).toBe(0);
      expect(count("Unit")).toBe(0);
      db.close();
      // And reading needs an account that does not exist yet.
      const home = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" });
      expect(home.headers.get("location")).toMatch(/^\/login/);
    } finally {
      try {
        process.kill(-(child.pid ?? 0), "SIGTERM");
      } catch {
        // already gone
      }
    }
  });
});
