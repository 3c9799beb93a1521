/**
 * `DATABASE_URL=postgresql://… npm start` on an empty database: it migrates with the applier and
 * serves; on SIGTERM (sent to npm, as `docker stop` does to PID 1) a request the server had already
 * accepted still gets its whole 200 response, new connections are refused, the PostgreSQL pool is
 * closed (no xuexi-yuandi connection left in pg_stat_activity) and the process exits 0.
 *
 * The request is made slow by its client: headers and half the body go out, the rest only after the
 * server has logged that it is draining it. So no test-only delay lives in the app.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_MIGRATIONS_DIR, listMigrations } from "../../lib/setup/migrate-postgres";
import { findFreePort } from "../../scripts/bench/processes";
import { createPostgresDatabase, type PostgresDatabase } from "../integration/helpers/postgres";
import { ROOT } from "./paths";

let database: PostgresDatabase;
beforeAll(async () => {
  database = await createPostgresDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function portalConnections(): Promise<number> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'xuexi-yuandi' AND pid <> pg_backend_pid()`,
      [database.name],
    );
    return rows[0]?.n ?? -1;
  } finally {
    await client.end();
  }
}

/** A signed-in reader and a valid reading beat for the first section, made through the app's lib. */
async function prepareReader(): Promise<{ cookie: string; body: string; userId: number }> {
  process.env.DATABASE_URL = database.url;
  const { getDb, closeDb } = await import("@/lib/db");
  const { createSession, SESSION_COOKIE } = await import("@/lib/auth/session");
  const { listMaterials } = await import("@/lib/content");
  const db = await getDb();
  const unit = await db.unit.create({ data: { name: "关机测试单位", code: "SHUT", path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  const user = await db.user.create({ data: { account: "shutdown-reader", name: "关机测试", unitId: unit.id, passwordHash: "-", mustChangePassword: false } });
  const { token } = await createSession(user.id, { userAgent: "graceful-shutdown test" });
  const material = listMaterials()[0]!;
  const section = material.sections[0]!;
  const beat = { material: material.slug, section: section.slug, version: section.version, viewId: "shutdown-view-1", paragraphs: section.paragraphs.slice(0, 2).map((p) => p.id), activeSeconds: 30 };
  await closeDb(); // the test's own pool carries the same application_name
  return { cookie: `${SESSION_COOKIE}=${token}`, body: JSON.stringify(beat), userId: user.id };
}

describe("npm start on PostgreSQL", () => {
  it("finishes an accepted request, closes the pool and exits 0 on SIGTERM", async () => {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const { NODE_ENV: _vitest, ...inherited } = process.env;
    const server = spawn("npm", ["start", "--", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...inherited, DATABASE_URL: database.url, NEXT_DIST_DIR: ".next-e2e", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let log = "";
    const logged = (text: string) => new Promise<void>((resolve) => {
      const check = () => (log.includes(text) ? resolve() : setTimeout(check, 20));
      check();
    });
    server.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    server.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));
    try {
      let health: { database?: { provider?: string; migrationsApplied?: number } } = {};
      for (let i = 0; i < 240 && !health.database; i++) {
        health = await fetch(`${base}/api/health`).then((r) => (r.ok ? r.json() : {}), () => ({}));
        if (!health.database) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(health.database, log).toMatchObject({ provider: "postgresql", migrationsApplied: listMigrations(path.join(ROOT, POSTGRES_MIGRATIONS_DIR)).length });
      expect(await portalConnections()).toBeGreaterThan(0);

      const { cookie, body, userId } = await prepareReader();
      const request = http.request(`${base}/api/progress`, {
        method: "POST",
        headers: { cookie, origin: base, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
        request.on("response", (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          res.on("error", reject);
        });
        request.on("error", reject);
      });
      const half = Math.floor(body.length / 2);
      request.write(body.slice(0, half));
      // The server has the request once its handler waits for the body: give it a moment, then stop it.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      process.kill(server.pid!, "SIGTERM");
      await logged("[shutdown] SIGTERM");
      expect(log).toContain("waiting for 1 request(s) in flight");
      // Not accepting any more.
      await expect(fetch(`${base}/api/health`)).rejects.toThrow();
      request.end(body.slice(half));
      const answer = await response;
      expect(answer.status, answer.text).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: true, recorded: 1, sections: [expect.objectContaining({ state: expect.any(String) })] });

      expect(await exited, log).toEqual({ code: 0, signal: null });
      expect(log).toContain("[shutdown] database connections closed");
      expect(await portalConnections()).toBe(0);
      // The beat the draining server accepted is stored.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`SELECT COUNT(*)::int AS n FROM "SectionProgress" WHERE "userId" = $1`, [userId]);
      await client.end();
      expect(rows[0]).toEqual({ n: 1 });
    } finally {
      try {
        process.kill(-(server.pid ?? 0), "SIGKILL");
      } catch {
        // already gone
      }
    }
  }, 120_000);

  it("refuses to serve several instances without a shared server-action key, naming the variable", async () => {
    const port = await findFreePort();
    const { NODE_ENV: _vitest, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: _key, ...inherited } = process.env;
    const server = spawn("npm", ["start", "--", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...inherited, DATABASE_URL: database.url, PORTAL_INSTANCES: "2", NEXT_DIST_DIR: ".next-e2e", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let log = "";
    server.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    server.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => server.on("exit", resolve));
    expect(code, log).toBe(1);
    expect(log).toContain("NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: is not set, but PORTAL_INSTANCES is 2");
  }, 60_000);
});
