/**
 * `rm data/portal.db` under a running `npm start` (issue 14, finding 6): the server must notice (health
 * 503, beats refused with JSON 503 instead of acknowledged into the deleted file), and the next start
 * must refuse to create a new, empty database, saying how to restore a backup. SQLite only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../scripts/bench/processes";
import { ROOT } from "./paths";
import { stopProcessGroup } from "./server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-dbfile-"));
const dbFile = path.join(dir, "portal.db");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Started = { child: ChildProcess; base: string; log: () => string; exited: Promise<number | null> };

function npmStart(port: number): Started {
  const { NODE_ENV: _vitest, ...inherited } = process.env;
  const child = spawn("npm", ["start", "--", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...inherited, DATABASE_URL: `file:${dbFile}`, NEXT_DIST_DIR: ".next-e2e", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORTAL_FIRST_RUN: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, base: `http://127.0.0.1:${port}`, log: () => output, exited };
}

/** A reader and a session in the served database, made through the data layer; then its connections close. */
async function prepareReader(): Promise<{ cookie: string; beat: string }> {
  process.env.DATABASE_URL = `file:${dbFile}`;
  const { getDb, closeDb } = await import("@/lib/db");
  const { closeSqlConnection } = await import("@/lib/sql");
  const { createSession, SESSION_COOKIE } = await import("@/lib/auth/session");
  const { listMaterials } = await import("@/lib/content");
  const db = await getDb();
  const unit = await db.unit.create({ data: { name: "删库测试单位", code: "RM", path: "pending", depth: 0 } });
  await db.unit.update({ where: { id: unit.id }, data: { path: `/${unit.id}/` } });
  const user = await db.user.create({ data: { account: "rm-reader", name: "删库测试", unitId: unit.id, passwordHash: "-", mustChangePassword: false } });
  const { token } = await createSession(user.id, { userAgent: "database-file test" });
  const section = listMaterials()[0]!.sections[0]!;
  const beat = { material: listMaterials()[0]!.slug, section: section.slug, version: section.version, viewId: "rm-view-0001", paragraphs: [section.paragraphs[0]!.id], activeSeconds: 20 };
  await closeDb();
  closeSqlConnection();
  return { cookie: `${SESSION_COOKIE}=${token}`, beat: JSON.stringify(beat) };
}

describe("a SQLite database file deleted under the running portal", () => {
  it("turns health to 503 and refuses beats; the next start refuses to create an empty database", async () => {
    const server = npmStart(await findFreePort());
    try {
      let healthy = false;
      for (let i = 0; i < 240 && !healthy; i++) {
        healthy = await fetch(`${server.base}/api/health`).then((r) => r.ok, () => false);
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(healthy, server.log()).toBe(true);
      const { cookie, beat } = await prepareReader();
      const postBeat = () =>
        fetch(`${server.base}/api/progress`, { method: "POST", headers: { cookie, origin: server.base, "content-type": "application/json" }, body: beat });
      expect((await postBeat()).status).toBe(200);

      fs.rmSync(dbFile);
      const health = await fetch(`${server.base}/api/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: "error", database: { status: "error", cause: "file_missing" } });
      const refused = await postBeat();
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ ok: false, error: "database_unavailable", cause: "file_missing", message: expect.stringMatching(/数据库暂时无法保存数据/) });
    } finally {
      await stopProcessGroup(server.child);
    }

    // The restart: db:migrate finds the marker of a database that is gone and stops before serving.
    const restart = npmStart(await findFreePort());
    const code = await Promise.race([restart.exited, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 60_000))]);
    await stopProcessGroup(restart.child);
    expect(code, restart.log()).not.toBe(0);
    expect(code, restart.log()).not.toBe("timeout");
    expect(restart.log()).toContain(`refusing to create a new, empty database at ${dbFile}`);
    expect(restart.log()).toContain("npm run db:backup");
    expect(fs.existsSync(dbFile)).toBe(false);
  });
});
