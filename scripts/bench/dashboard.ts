// The unit completion dashboard (/admin/progress) at province scale: a separate SQLite file seeded by
// seed:large (data/bench-large.db, reused across runs), one more `next start` of the bench build on it,
// and the dashboard of the root unit and of a typical county measured against the cheapest signed-in
// page (/bench) on the same server, with the same session, in interleaved rounds.
//
// Latency is the point here, so this file has its own closed-loop load generator over node:http that
// keeps every request's latency: autocannon's histogram reports p50/p90/p97.5/p99, not p95.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { formatCores } from "./load";
import { readMachineBusySeconds, ROOT, runStep, type Pinning } from "./processes";
import { startNextServer, type Server } from "./servers";

export const LARGE_DATABASE_URL = "file:./data/bench-large.db";
const LARGE_DB_FILE = path.join(ROOT, "data", "bench-large.db");
/** Sidecar saying what the file holds; written only once seeding has finished. */
const LARGE_MARKER_FILE = path.join(ROOT, "data", "bench-large.json");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
export const SEED = 1;
/** seed:large's account of the system administrator, in the root unit. */
export const ADMIN_ACCOUNT = "large-admin";
const DASHBOARD_MATERIAL = "deep-poverty-speech";
const TRIVIAL_PATH = "/admin/bench";
/** What every dashboard shows (components/reports/figures.tsx); absent from error and login pages. */
const DASHBOARD_MARKER_TEXT = "应学人数";
/** seed:large's county codes ("P-C03-X07": city 3, county 7); depth 2 also holds city departments. */
const COUNTY_CODE = "*-X[0-9][0-9]";
/** The same as a PostgreSQL regular expression. */
export const COUNTY_CODE_PATTERN = "-X[0-9]{2}$";
/**
 * Four connections: the goal is per-request latency, not throughput. `next start` renders on one
 * thread, so with c connections a request waits behind up to c − 1 others and its latency is about
 * c × its own cost: 20 (the throughput scenarios' setting) would make p95 mostly queueing. Four
 * still keep the server busy all the time (so req/s and CPU per request are meaningful too) while a
 * p95 stays close to what a few administrators opening dashboards at once would see.
 */
export const DASHBOARD_CONNECTIONS = 4;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_ERROR_SAMPLES = 5;
// SQLite keeps Prisma DateTimes as text in this form (see SessionPool in beats.ts, isoTime in seed-large).
const toStoredDate = (date: Date) => date.toISOString().replace("Z", "+00:00");
const count = (n: number) => n.toLocaleString("en-US");

export type DashboardOptions = {
  /** Readers in the large database. */
  users: number;
  /** Seconds per measured round; 0 skips the scenario. */
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
};

export type Marker = { users: number; seed: number; migrations: string; seededAt?: string; seedSeconds?: number };

export type LargeDatabase = {
  kind: "sqlite" | "postgres";
  databaseUrl: string;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  file: string;
  users: number;
  /** True when an earlier run's file was reused (no seeding this run). */
  reused: boolean;
  seededAt: string;
  /** Seconds the seeding took (this run's, or the run that made the reused file). */
  seedSeconds?: number;
  /** Seconds `prisma migrate deploy` took, when this run made the file. */
  migrateSeconds?: number;
};

export function hashOf(parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex").slice(0, 16);
}

/**
 * What the file must have been made from: reader count, seed and migrations (by folder name:
 * committed migrations never change). Not the generator's source: a refactor of scripts/seed-large
 * would cost a minute of re-seeding each time; after a change to what it generates, delete the marker.
 */
function expectedMarker(users: number): Marker {
  const migrations = fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return { users, seed: SEED, migrations: hashOf(migrations) };
}

function readMarker(): Marker | undefined {
  try {
    return JSON.parse(fs.readFileSync(LARGE_MARKER_FILE, "utf8")) as Marker;
  } catch {
    return undefined;
  }
}

/** Why the existing file cannot be reused, or undefined when it can. */
function staleReason(found: Marker | undefined, wanted: Marker): string | undefined {
  if (!fs.existsSync(LARGE_DB_FILE)) return "it does not exist";
  if (!found) return `${path.relative(ROOT, LARGE_MARKER_FILE)} is missing (an interrupted seeding?)`;
  if (found.users !== wanted.users) return `it holds ${count(found.users)} readers, ${count(wanted.users)} wanted`;
  if (found.seed !== wanted.seed) return `it was seeded with seed ${found.seed}`;
  if (found.migrations !== wanted.migrations) return "the migrations changed since";
  return undefined;
}

/**
 * data/bench-large.db with `users` readers: reused when its marker matches, else made anew
 * (`prisma migrate deploy`, then seedLarge). Takes about a minute for 100,000 readers.
 */
export async function prepareLargeDatabase(users: number, logFile: string): Promise<LargeDatabase> {
  const wanted = expectedMarker(users);
  const found = readMarker();
  const display = path.relative(ROOT, LARGE_DB_FILE);
  const why = staleReason(found, wanted);
  if (why === undefined && found) {
    const seededAt = found.seededAt ?? "unknown";
    console.log(`[bench] dashboard: reusing ${display} (${count(users)} readers, seeded ${seededAt}; delete ${path.relative(ROOT, LARGE_MARKER_FILE)} to re-seed)`);
    return { kind: "sqlite", databaseUrl: LARGE_DATABASE_URL, file: LARGE_DB_FILE, users, reused: true, seededAt, seedSeconds: found.seedSeconds };
  }
  console.log(`[bench] dashboard: making ${display} with ${count(users)} readers, because ${why}`);
  fs.rmSync(LARGE_MARKER_FILE, { force: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${LARGE_DB_FILE}${suffix}`, { force: true });
  const migrateStarted = performance.now();
  await runStep("prisma migrate deploy (bench-large.db)", "npx", ["--no-install", "prisma", "migrate", "deploy"], { ...process.env, DATABASE_URL: LARGE_DATABASE_URL }, logFile);
  const migrateSeconds = (performance.now() - migrateStarted) / 1000;
  // Loaded only when needed: it pulls in argon2 and the content loader.
  const { seedLarge } = await import("../seed-large/seed");
  const { DEFAULT_PASSWORD } = await import("../seed-large/flags");
  const summary = await seedLarge({
    databaseUrl: LARGE_DATABASE_URL,
    users,
    seed: SEED,
    password: DEFAULT_PASSWORD,
    log: (line) => console.log(`[bench]   seed:large ${line}`),
  });
  const seededAt = new Date().toISOString();
  const marker: Marker = { ...wanted, seededAt, seedSeconds: Math.round(summary.seconds * 10) / 10 };
  fs.writeFileSync(LARGE_MARKER_FILE, `${JSON.stringify(marker, null, 2)}\n`);
  console.log(
    `[bench] dashboard: seeded ${display} in ${summary.seconds.toFixed(1)} s (migrate ${migrateSeconds.toFixed(1)} s): ${count(summary.units)} units, ` +
      `${count(summary.readers)} readers, ${count(summary.progressRows)} progress rows`,
  );
  return { kind: "sqlite", databaseUrl: LARGE_DATABASE_URL, file: LARGE_DB_FILE, users, reused: false, seededAt, seedSeconds: summary.seconds, migrateSeconds };
}

export type DashboardUnit = { id: number; name: string; code: string; path: string; depth: number; headcount: number };
export type Admin = { id: number; name: string; cookie: string };
export type PickedUnits = { root: DashboardUnit; mid: DashboardUnit; counties: number[] };

/** Active readers (role READER, not disabled) in a unit's subtree: what the dashboard's 应学人数 counts. */
function countHeadcount(db: Database.Database, unitPath: string): number {
  return db
    .prepare(
      `SELECT COUNT(*) FROM "User" u JOIN "Unit" x ON x."id" = u."unitId"
       WHERE u."role" = 'READER' AND u."disabled" = 0 AND x."path" >= ? AND x."path" < ?`,
    )
    .pluck()
    .get(unitPath, `${unitPath.slice(0, -1)}0`) as number;
}

/** The root unit and the median county by headcount (a mid-level unit of typical size). */
function pickUnits(db: Database.Database): PickedUnits {
  type Row = Omit<DashboardUnit, "headcount">;
  const roots = db.prepare(`SELECT "id", "name", "code", "path", "depth" FROM "Unit" WHERE "depth" = 0 ORDER BY "id"`).all() as Row[];
  if (roots.length !== 1) throw new Error(`bench-large.db has ${roots.length} root units, expected 1`);
  const counties = (db.prepare(`SELECT "id", "name", "code", "path", "depth" FROM "Unit" WHERE "depth" = 2 AND "code" GLOB ? ORDER BY "id"`).all(COUNTY_CODE) as Row[])
    .map((unit) => ({ ...unit, headcount: countHeadcount(db, unit.path) }))
    .sort((a, b) => a.headcount - b.headcount || a.id - b.id);
  const mid = counties[Math.floor((counties.length - 1) / 2)];
  if (!mid) throw new Error(`bench-large.db has no county (depth 2, code ${COUNTY_CODE}); did seed:large change its tree?`);
  const root = { ...roots[0]!, headcount: countHeadcount(db, roots[0]!.path) };
  return { root, mid, counties: counties.map((c) => c.headcount) };
}

/**
 * A session for large-admin written straight into the large database, as createSession would (the
 * SHA-256 of the token as id, dates in the stored text form). Not through lib/auth/session: lib/env.ts
 * has already fixed this process's DATABASE_URL to the main bench database.
 */
async function createAdminSession(db: Database.Database): Promise<Admin> {
  const { hashSessionToken, getSessionLimits, SESSION_COOKIE } = await import("../../lib/auth/session");
  const admin = db.prepare(`SELECT "id", "name", "role", "disabled" FROM "User" WHERE "account" = ?`).get(ADMIN_ACCOUNT) as
    | { id: number; name: string; role: string; disabled: number }
    | undefined;
  if (!admin || admin.role !== "SYSTEM_ADMIN" || admin.disabled) {
    throw new Error(`bench-large.db has no active system administrator ${ADMIN_ACCOUNT}: ${JSON.stringify(admin)}`);
  }
  const token = randomBytes(24).toString("base64url");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + getSessionLimits().absoluteMs);
  db.prepare(`INSERT INTO "Session" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt", "userAgent") VALUES (?, ?, ?, ?, ?, ?)`).run(
    hashSessionToken(token), admin.id, toStoredDate(now), toStoredDate(now), toStoredDate(expiresAt), "bench-dashboard",
  );
  return { id: admin.id, name: admin.name, cookie: `${SESSION_COOKIE}=${token}` };
}

/** The units to measure and a session of large-admin, from the SQLite file. */
async function prepareSqliteDashboard(database: LargeDatabase): Promise<{ picked: PickedUnits; admin: Admin }> {
  const db = new Database(database.file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return { picked: pickUnits(db), admin: await createAdminSession(db) };
  } finally {
    db.close();
  }
}

type Target = { name: string; label: string; path: string; unit?: DashboardUnit };

type Answer = { status: number; body: string; location?: string };

function get(agent: http.Agent, origin: string, pathname: string, cookie: string, onBody?: (body: Buffer) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathname, origin);
    // No Accept-Encoding: Next answers uncompressed, as to autocannon in the other scenarios.
    const request = http.get({ agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: { cookie } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const body = Buffer.concat(chunks);
        onBody?.(body);
        resolve({ status: response.statusCode ?? 0, body: onBody ? "" : body.toString("utf8"), location: response.headers.location });
      });
      response.on("error", reject);
    });
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS} ms`)));
    request.on("error", reject);
  });
}

/** One GET before any load; a redirect to /login, a 404 or a wrong page must fail here, loudly. */
async function checkTarget(server: Server, target: Target, admin: Admin): Promise<number> {
  const agent = new http.Agent({ keepAlive: false });
  // Generous: the first request of a route loads its code, and a cold dashboard reads the whole tree.
  const started = performance.now();
  const answer = await get(agent, server.origin, target.path, admin.cookie);
  const ms = performance.now() - started;
  const fail = (why: string): never => {
    throw new Error(`GET ${target.path} (${target.label}) on ${server.name}: ${why}; body starts: ${answer.body.slice(0, 300).replace(/\s+/g, " ")}`);
  };
  if (answer.status !== 200) fail(`answered ${answer.status}${answer.location ? ` → ${answer.location}` : ""}, expected 200`);
  const needles = target.unit ? [target.unit.name, DASHBOARD_MARKER_TEXT] : [admin.name];
  for (const needle of needles) if (!answer.body.includes(needle)) fail(`the page does not contain "${needle}"`);
  // The headline figure is the counters' sum; a different number means the counters disagree with the rows.
  if (target.unit && !answer.body.includes(`>${target.unit.headcount}<`)) {
    console.log(`[bench] WARNING: the dashboard of ${target.unit.name} does not show 应学人数 ${target.unit.headcount} (counted from the User rows): the counters may be off`);
  }
  console.log(`[bench]   ${target.name.padEnd(7)} GET ${target.path}: 200, ${count(Buffer.byteLength(answer.body))} bytes, first answer in ${Math.round(ms)} ms`);
  return Buffer.byteLength(answer.body);
}

export type DashboardRound = {
  target: string;
  /** 0 for the warm-up round. */
  round: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  errorSamples: string[];
  serverCpu?: number;
  loadGeneratorCpu: number;
  otherCpu?: number;
};

export type DashboardTargetSummary = {
  name: string;
  label: string;
  path: string;
  unit?: DashboardUnit;
  bytes: number;
  /** Requests of the measured rounds (warm-up excluded), every one's latency counted. */
  requests: number;
  /** Exact percentiles (nearest rank) over every measured request of every round. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  p95MsRounds: number[];
  reqPerSecMedian: number;
  reqPerSecRounds: number[];
  serverCpuMedian?: number;
  /** Server CPU milliseconds per request: the page's cost, less disturbed by neighbours than latency. */
  serverCpuMsPerRequest?: number;
  loadGeneratorCpuMedian: number;
  otherCpuMedian?: number;
  /** Summed over every round, warm-up included. */
  non2xx: number;
  errors: number;
  errorSamples: string[];
};

export type DashboardResult = {
  name: string;
  users: number;
  database: LargeDatabase;
  material: string;
  admin: string;
  connections: number;
  duration: number;
  rounds: number;
  warmup: number;
  /** Depth-2 county headcounts (sorted), to show how typical the mid-level unit is. */
  countyHeadcounts: { count: number; min: number; median: number; max: number };
  trivial: DashboardTargetSummary;
  root: DashboardTargetSummary;
  mid: DashboardTargetSummary;
  /** Dashboard p95 ÷ trivial page p95 (and the same for p50). */
  ratios: { rootP95: number; midP95: number; rootP50: number; midP50: number };
  method: string;
  roundResults: DashboardRound[];
};

/** The value at or below which `p` percent of the sorted values lie (nearest rank: an observed latency, no interpolation). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Closed loop: `connections` workers each send a GET, wait for the whole answer, record its latency
 * and send the next, until `seconds` have passed (requests under way then are finished and counted).
 */
async function runRound(server: Server, target: Target, cookie: string, round: number, seconds: number, connections: number): Promise<{ result: DashboardRound; latencies: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const errorSamples = new Set<string>();
  let errors = 0;
  let non2xx = 0;
  const machineBefore = readMachineBusySeconds();
  const serverBefore = server.readCpuSeconds();
  const selfBefore = process.cpuUsage();
  const startedAt = performance.now();
  const deadline = startedAt + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const answer = await get(agent, server.origin, target.path, cookie, () => {});
        latencies.push(performance.now() - sent);
        statusCodes[answer.status] = (statusCodes[answer.status] ?? 0) + 1;
        if (answer.status < 200 || answer.status >= 300) non2xx += 1;
      } catch (error) {
        errors += 1;
        if (errorSamples.size < MAX_ERROR_SAMPLES) errorSamples.add(error instanceof Error ? error.message : String(error));
        // Do not spin on a dead server.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - startedAt) / 1000;
  agent.destroy();
  const serverAfter = server.readCpuSeconds();
  const machineAfter = readMachineBusySeconds();
  const self = process.cpuUsage(selfBefore);
  const serverCpu = serverBefore === undefined || serverAfter === undefined || serverAfter < serverBefore ? undefined : (serverAfter - serverBefore) / elapsed;
  const loadGeneratorCpu = (self.user + self.system) / 1e6 / elapsed;
  const machineCpu = machineBefore === undefined || machineAfter === undefined ? undefined : (machineAfter - machineBefore) / elapsed;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    latencies,
    result: {
      target: target.name,
      round,
      requests: latencies.length,
      reqPerSec: latencies.length / elapsed,
      p50Ms: round1(percentile(sorted, 50)),
      p95Ms: round1(percentile(sorted, 95)),
      p99Ms: round1(percentile(sorted, 99)),
      maxMs: round1(sorted.at(-1) ?? Number.NaN),
      non2xx,
      errors,
      statusCodes,
      errorSamples: [...errorSamples],
      serverCpu,
      loadGeneratorCpu,
      otherCpu: machineCpu === undefined || serverCpu === undefined ? undefined : Math.max(0, machineCpu - serverCpu - loadGeneratorCpu),
    },
  };
}

function summarize(target: Target, bytes: number, rounds: DashboardRound[], latencies: number[]): DashboardTargetSummary {
  const mine = rounds.filter((r) => r.target === target.name);
  const measured = mine.filter((r) => r.round > 0);
  const sorted = [...latencies].sort((a, b) => a - b);
  const serverCpus = measured.flatMap((r) => (r.serverCpu === undefined ? [] : [r.serverCpu]));
  const perRequest = measured.flatMap((r) => (r.serverCpu === undefined || r.reqPerSec <= 0 ? [] : [(1000 * r.serverCpu) / r.reqPerSec]));
  const others = measured.flatMap((r) => (r.otherCpu === undefined ? [] : [r.otherCpu]));
  return {
    name: target.name,
    label: target.label,
    path: target.path,
    unit: target.unit,
    bytes,
    requests: sorted.length,
    p50Ms: round1(percentile(sorted, 50)),
    p95Ms: round1(percentile(sorted, 95)),
    p99Ms: round1(percentile(sorted, 99)),
    meanMs: round1(sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length)),
    maxMs: round1(sorted.at(-1) ?? Number.NaN),
    p95MsRounds: measured.map((r) => r.p95Ms),
    reqPerSecMedian: median(measured.map((r) => r.reqPerSec)),
    reqPerSecRounds: measured.map((r) => Math.round(r.reqPerSec)),
    serverCpuMedian: serverCpus.length > 0 ? median(serverCpus) : undefined,
    serverCpuMsPerRequest: perRequest.length > 0 ? round1(median(perRequest)) : undefined,
    loadGeneratorCpuMedian: median(measured.map((r) => r.loadGeneratorCpu)),
    otherCpuMedian: others.length > 0 ? median(others) : undefined,
    non2xx: mine.reduce((n, r) => n + r.non2xx, 0),
    errors: mine.reduce((n, r) => n + r.errors, 0),
    errorSamples: [...new Set(mine.flatMap((r) => r.errorSamples))].slice(0, MAX_ERROR_SAMPLES),
  };
}

function describeRound(r: DashboardRound): string {
  const label = r.round === 0 ? "warm-up" : `round ${r.round}`;
  const trouble = r.errors + r.non2xx > 0 ? `  !! errors=${r.errors} non2xx=${r.non2xx}` : "";
  const cpu = `cpu: server ${formatCores(r.serverCpu)}, load gen ${formatCores(r.loadGeneratorCpu)}, other ${formatCores(r.otherCpu)}`;
  return `  ${label.padEnd(8)} ${r.target.padEnd(7)} ${Math.round(r.reqPerSec).toString().padStart(5)} req/s  p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms  p99 ${r.p99Ms} ms  ${cpu}${trouble}`;
}

export type DashboardScenarioInput = {
  database: LargeDatabase;
  distDir: string;
  logDir: string;
  pinning: Pinning;
  options: DashboardOptions;
};

/**
 * Starts `next start` on the large database, signs large-admin in, checks the three pages and loads
 * them in interleaved rounds (trivial, root, mid, trivial, …), so a noisy neighbour hits all alike.
 * The server is stopped before returning.
 */
export async function runDashboardScenario(input: DashboardScenarioInput): Promise<DashboardResult> {
  const { database, options } = input;
  const { picked, admin } = database.kind === "postgres" ? await (await import("./large-postgres")).preparePostgresDashboard(database) : await prepareSqliteDashboard(database);
  const { root, mid, counties } = picked;
  console.log(`[bench] dashboard: root unit ${root.name} (id ${root.id}, ${root.code}), ${count(root.headcount)} readers`);
  console.log(
    `[bench] dashboard: mid-level unit ${mid.name} (id ${mid.id}, ${mid.code}, depth ${mid.depth}), ${count(mid.headcount)} readers: ` +
      `the median of ${counties.length} counties (${count(counties[0] ?? 0)}–${count(counties.at(-1) ?? 0)})`,
  );
  const dashboardPath = (unit: DashboardUnit) => `/admin/progress?unit=${unit.id}&material=${DASHBOARD_MATERIAL}`;
  const targets: Target[] = [
    { name: "trivial", label: "trivial signed-in page", path: TRIVIAL_PATH },
    { name: "root", label: `dashboard of the root unit ${root.name}`, path: dashboardPath(root), unit: root },
    { name: "mid", label: `dashboard of the county ${mid.name}`, path: dashboardPath(mid), unit: mid },
  ];

  // BENCH_ECHO=1 opens /bench; sign-in required, as in production.
  const started = await startNextServer({
    distDir: input.distDir,
    databaseUrl: database.databaseUrl,
    logDir: input.logDir,
    pinning: input.pinning,
    env: { PUBLIC_READING: "false", BENCH_ECHO: "1" },
    name: "large",
    readyPath: database.kind === "postgres" ? (await import("./postgres")).POSTGRES_READY_PATH : undefined,
  });
  // On PostgreSQL the queries run in the database server's processes: their CPU is the page's too.
  const server = database.kind === "postgres" ? (await import("./postgres")).withDatabaseCpu(started) : started;
  try {
    console.log(`[bench] dashboard: next on ${server.origin} (${database.file}, BENCH_ECHO=1), as ${ADMIN_ACCOUNT} (${admin.name})`);
    const bytes = new Map<string, number>();
    for (const target of targets) bytes.set(target.name, await checkTarget(server, target, admin));

    console.log(
      `\n[bench] scenario "dashboard at ${count(database.users)} readers": ${options.rounds} × ${options.duration} s per target, ` +
        `${options.connections} connections (closed loop), after ${options.warmup} s warm-up`,
    );
    const rounds: DashboardRound[] = [];
    const latencies = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    if (options.warmup > 0) {
      for (const target of targets) {
        const { result } = await runRound(server, target, admin.cookie, 0, options.warmup, options.connections);
        rounds.push(result);
        console.log(describeRound(result));
      }
    }
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of targets) {
        const { result, latencies: mine } = await runRound(server, target, admin.cookie, round, options.duration, options.connections);
        rounds.push(result);
        latencies.get(target.name)!.push(...mine);
        console.log(describeRound(result));
      }
    }
    const [trivial, rootSummary, midSummary] = targets.map((t) => summarize(t, bytes.get(t.name) ?? 0, rounds, latencies.get(t.name) ?? [])) as [
      DashboardTargetSummary,
      DashboardTargetSummary,
      DashboardTargetSummary,
    ];
    const ratio = (x: number, y: number) => Math.round((x / y) * 1000) / 1000;
    return {
      name: `dashboard at ${count(database.users)} readers`,
      users: database.users,
      database,
      material: DASHBOARD_MATERIAL,
      admin: ADMIN_ACCOUNT,
      connections: options.connections,
      duration: options.duration,
      rounds: options.rounds,
      warmup: options.warmup,
      countyHeadcounts: { count: counties.length, min: counties[0] ?? 0, median: mid.headcount, max: counties.at(-1) ?? 0 },
      trivial,
      root: rootSummary,
      mid: midSummary,
      ratios: {
        rootP95: ratio(rootSummary.p95Ms, trivial.p95Ms),
        midP95: ratio(midSummary.p95Ms, trivial.p95Ms),
        rootP50: ratio(rootSummary.p50Ms, trivial.p50Ms),
        midP50: ratio(midSummary.p50Ms, trivial.p50Ms),
      },
      method:
        `closed loop over node:http keep-alive, ${options.connections} connections, every request's latency (send to last byte) kept; ` +
        "p50/p95/p99 exact (nearest rank) over all requests of the measured rounds, warm-up excluded; targets interleaved round by round " +
        "on one `next start` (pinned like the others) with one session of the system administrator",
      roundResults: rounds,
    };
  } finally {
    await server.stop();
  }
}
