// `npm run bench -- --db postgres`: the bench's databases on a PostgreSQL server (BENCH_POSTGRES_URL,
// default the local one), made with the production applier (lib/setup/migrate-postgres.ts), and the
// PostgreSQL twins of what the SQLite bench does with files: a fresh bench database per run, a copy of
// it for the raw-driver baseline, capacity sessions, and the CPU the database server spends.
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { migratePostgres } from "../../lib/setup/migrate-postgres";
import { withDatabase, withPostgresClient } from "../../lib/setup/postgres-client";
import type { BenchReader } from "./beats";
import {
  CLOCK_TICKS_PER_SECOND,
  findFreePort,
  pinCommand,
  readCpuSeconds,
  readProcessTicks,
  ROOT,
  runStep,
  startProcess,
  stopProcess,
  sumProcessCpuSeconds,
  waitForOk,
  type Env,
  type Pinning,
} from "./processes";
import type { Server } from "./servers";

/** A database on the server the bench uses, for creating and dropping the bench's own databases. */
export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const BENCH_DATABASE = "portal_bench";
export const RAW_DATABASE = "portal_bench_raw";
/**
 * What tells a `next start` on PostgreSQL is up: /api/health still runs SQLite's PRAGMAs there
 * (lib/health.ts) and answers 503, so the sign-in page (no database work) stands in for it.
 */
export const POSTGRES_READY_PATH = "/login";

/** The URL of another database on the same server as `url`. */
export { withDatabase };

/** Runs `run` on a connection to the admin database (CREATE/DROP DATABASE cannot run inside the target). */
export async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  return withPostgresClient(POSTGRES_ADMIN_URL, run);
}

/** Runs `run` on a connection to `url`. */
export const withClient = withPostgresClient;

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Drops `name` (closing its connections) and creates it empty, or as a copy of `template`. */
export async function recreateDatabase(name: string, template?: string): Promise<string> {
  await withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteName(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteName(name)}${template ? ` TEMPLATE ${quoteName(template)}` : ""}`);
  });
  return withDatabase(POSTGRES_ADMIN_URL, name);
}

/**
 * The materials' section lists (MaterialInfo), as the server records them at start-up
 * (syncMaterialCatalog in lib/reports/counters.ts). Recorded here first on an empty database, which
 * is exactly what the server would record, so its start-up finds nothing to rebuild: that rebuild is
 * written in SQLite's dialect still (see the report of the PostgreSQL bench).
 */
export async function writeMaterialCatalog(url: string): Promise<void> {
  const { listMaterials } = await import("../../lib/content");
  await withClient(url, async (client) => {
    for (const material of listMaterials()) {
      const sections = material.sections.map((section) => section.slug);
      await client.query(
        `INSERT INTO "MaterialInfo" ("slug", "sections", "sectionCount", "sectionVersions", "updatedAt") VALUES ($1, $2, $3, $4, now()) ON CONFLICT ("slug") DO NOTHING`,
        [material.slug, JSON.stringify(sections), sections.length, JSON.stringify(Object.fromEntries(material.sections.map((s) => [s.slug, s.version])))],
      );
    }
  });
}

/**
 * A fresh bench database (portal_bench) with every PostgreSQL migration, the demo accounts and the
 * material catalog, and a copy of it for the raw-driver baseline (portal_bench_raw), so the two never
 * write to the same rows. Returns both URLs.
 */
export async function preparePostgresBenchDatabase(logFile: string): Promise<{ url: string; rawUrl: string }> {
  const url = await recreateDatabase(BENCH_DATABASE);
  const migrated = await migratePostgres({ connectionString: url });
  fs.appendFileSync(logFile, `\n[bench] ${BENCH_DATABASE}: applied ${migrated.applied.join(", ")}\n`);
  await runStep("db:seed-demo", "npm", ["run", "--silent", "db:seed-demo"], { ...process.env, DATABASE_URL: url }, logFile);
  await writeMaterialCatalog(url);
  // CREATE DATABASE … TEMPLATE needs the template without connections: done before any server starts.
  const rawUrl = await recreateDatabase(RAW_DATABASE, BENCH_DATABASE);
  return { url, rawUrl };
}

/**
 * The backends serving the bench's own databases (portal_bench*), found by polling pg_stat_activity,
 * with the CPU each was last seen to have used: a backend that exits keeps its last reading, so a
 * closed connection does not make the total go down. Other clients of the same PostgreSQL server (a
 * neighbour's tests) are left out, and so are PostgreSQL's shared background processes.
 */
type BackendTracker = { pids: Set<number>; ticks: Map<number, number>; stop: () => Promise<void> };
let tracker: BackendTracker | undefined;
const BACKEND_POLL_MS = 200;

/** Starts following the bench databases' backends; the returned function stops it. */
export async function trackBenchBackends(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, application_name: "bench-cpu-tracker" });
  await client.connect();
  const pids = new Set<number>();
  const poll = async () => {
    const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname LIKE 'portal\\_bench%' AND pid <> pg_backend_pid()`);
    for (const row of rows) pids.add(row.pid);
  };
  await poll();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    poll()
      .catch((error: unknown) => console.error(`[bench] pg_stat_activity poll failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (busy = false));
  }, BACKEND_POLL_MS);
  timer.unref();
  const current: BackendTracker = {
    pids,
    ticks: new Map(),
    stop: async () => {
      clearInterval(timer);
      if (tracker === current) tracker = undefined;
      await client.end();
    },
  };
  tracker = current;
  return current.stop;
}

/**
 * CPU seconds used so far by PostgreSQL for the bench: the tracked backends (trackBenchBackends) or,
 * when no tracking runs, every process named "postgres" visible in /proc. On SQLite the database's
 * work is done inside the server process and counted with it; on PostgreSQL it is done in these
 * processes, so it is added to each server's CPU (withDatabaseCpu). Undefined when /proc is not there.
 */
export function readPostgresCpuSeconds(): number | undefined {
  if (tracker) {
    for (const pid of tracker.pids) {
      const read = readProcessTicks(pid);
      if (read && read.comm === "postgres") tracker.ticks.set(pid, read.ticks);
    }
    let ticks = 0;
    for (const value of tracker.ticks.values()) ticks += value;
    return ticks / CLOCK_TICKS_PER_SECOND;
  }
  return sumProcessCpuSeconds((process) => process.comm === "postgres");
}

/** The server with the database server's CPU added to its own (see readPostgresCpuSeconds). */
export function withDatabaseCpu(server: Server): Server {
  return {
    ...server,
    readCpuSeconds: () => {
      const own = server.readCpuSeconds();
      const database = readPostgresCpuSeconds();
      return own === undefined || database === undefined ? undefined : own + database;
    },
  };
}

export type RawPostgresServerOptions = { databaseUrl: string; logDir: string; pinning: Pinning };

/** Starts raw-beat-server-pg.ts: the beat merge through `pg` directly, on its own database copy. */
export async function startPostgresRawBeatServer(options: RawPostgresServerOptions): Promise<Server> {
  const port = await findFreePort();
  const script = path.join(ROOT, "scripts", "bench", "raw-beat-server-pg.ts");
  const [command, args] = pinCommand(options.pinning, options.pinning.serverCore, process.execPath, [
    "--conditions=react-server", "--import", "tsx", script, String(port),
  ]);
  const logFile = path.join(options.logDir, "raw-beat-server.log");
  const env: Env = { ...process.env, NODE_ENV: "production", DATABASE_URL: options.databaseUrl };
  const managed = startProcess("raw pg beat server", command, args, env, logFile);
  const origin = `http://127.0.0.1:${port}`;
  await waitForOk(`${origin}/`, managed, 20_000);
  return { name: "raw", origin, readCpuSeconds: () => readCpuSeconds(managed), stop: () => stopProcess(managed) };
}

// Marks the pool's sessions, as SessionPool in beats.ts does.
const POOL_USER_AGENT = "bench-capacity";

/**
 * SessionPool (beats.ts) on PostgreSQL: one session per simulated reader, and `steady()` putting them
 * alternately 30 s and 65 s since last seen before every capacity step.
 */
export class PostgresSessionPool {
  readonly readers: BenchReader[] = [];
  private readonly ids: string[] = [];

  private constructor(private readonly client: pg.Client) {}

  static async create(url: string, owners: BenchReader[], size: number): Promise<PostgresSessionPool> {
    const { hashSessionToken, SESSION_COOKIE } = await import("../../lib/auth/session");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const pool = new PostgresSessionPool(client);
    const template = await client.query<{ createdAt: string; expiresAt: string }>(
      `SELECT "createdAt"::text AS "createdAt", "expiresAt"::text AS "expiresAt" FROM "Session" WHERE "userAgent" = 'bench' LIMIT 1`,
    );
    const row = template.rows[0];
    if (!row) throw new Error("cannot create the capacity sessions: no session of the demo readers found");
    const userIds: number[] = [];
    for (let i = 0; i < size; i++) {
      const owner = owners[i % owners.length]!;
      const token = randomBytes(24).toString("base64url");
      pool.ids.push(hashSessionToken(token));
      userIds.push(owner.userId);
      pool.readers.push({ account: owner.account, userId: owner.userId, cookie: `${SESSION_COOKIE}=${token}` });
    }
    await client.query(
      `INSERT INTO "Session" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt", "userAgent")
       SELECT id, "userId", $3::timestamp(3), $3::timestamp(3), $4::timestamp(3), $5 FROM unnest($1::text[], $2::int[]) AS t(id, "userId")`,
      [pool.ids, userIds, row.createdAt, row.expiresAt, POOL_USER_AGENT],
    );
    return pool;
  }

  /** Neighbours in the round-robin alternate between "seen 30 s ago" and "seen 65 s ago" (refresh due). */
  async steady(now = Date.now()): Promise<void> {
    const even = this.ids.filter((_, index) => index % 2 === 0);
    await this.client.query(
      `UPDATE "Session" SET "lastSeenAt" = CASE WHEN "id" = ANY($1::text[]) THEN $2::timestamp(3) ELSE $3::timestamp(3) END WHERE "userAgent" = $4`,
      [even, new Date(now - 30_000).toISOString(), new Date(now - 65_000).toISOString(), POOL_USER_AGENT],
    );
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
