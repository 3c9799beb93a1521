/**
 * Benchmark runner: `npm run bench [-- flags]`.
 *
 * Builds the app into .next-bench (never the dev server's .next), starts `next start` on a fresh
 * SQLite database with the demo accounts and compares it with baselines under autocannon, measures
 * the page weight of the section page and checks the budgets. Results go to
 * bench-results/bench-<timestamp>.json.
 *
 * Measured, side by side in one run (every server pinned to one core, the load generator to another):
 *   1. the signed-in section page: next start vs a bare node:http server sending the same bytes;
 *   2. the same page signed in (proxy.ts looks the session up) vs a second next start of the same
 *      build with PUBLIC_READING=true (no lookup), goal ≥ 0.5;
 *   3. reading beats (POST /api/progress) of 30 demo readers taking turns vs a Next route handler that
 *      only parses the JSON (app/api/bench/echo, the framework's floor, goal ≥ 0.6) and vs a bare
 *      node:http server running the same upsert on better-sqlite3 (the machine's limit);
 *   4. capacity: the highest beat rate with p95 < 200 ms and no errors, × the 30 s beat interval =
 *      readers one instance carries, goal ≥ 10,000 (open-loop steps of a fixed rate; see
 *      bench/capacity.ts for why not autocannon's overallRate);
 *   5. the unit completion dashboard (/admin/progress) at 100,000 readers: the root unit's and a typical
 *      county's (the median by readers) vs the trivial signed-in page /bench, all as the system
 *      administrator on one more next start of the same build over data/bench-large.db (seeded by
 *      seed:large on first use, about a minute, then reused), p50/p95 of every request at 4
 *      connections; goals: dashboard p95 ≤ 1.5 × the trivial page's p95, and < 100 ms (bench/dashboard.ts).
 * The goals are reported PASS/FAIL (ratios per server CPU-second, which a neighbour on this shared
 * machine disturbs less than req/s) but do not change the exit code; load errors and the page
 * budgets do.
 *
 * Flags:
 *   --quick            short sanity run (1 round of 2 s, 1 s warm-up, 12 s capacity search); also BENCH_QUICK=1
 *   --no-build         reuse the existing .next-bench build
 *   --duration <s>     seconds per measured round (default 5)
 *   --rounds <n>       measured rounds per target (default 3)
 *   --warmup <s>       un-counted seconds per target first (default 5)
 *   --connections <n>  concurrent connections (default 20)
 *   --capacity <s>     seconds the capacity search may take (default 150; 0 skips it); it ends
 *                      sooner once it converges (within 5 %, confirmed twice)
 *   --dashboard <s>    seconds per measured round of the dashboard scenario (default: --duration; 0 skips it)
 *   --dashboard-users <n>  readers in data/bench-large.db (default 100000, --quick 5000); a different
 *                      count re-seeds the file
 *   --db <sqlite|postgres>  the database the app runs on (default sqlite). postgres: the same
 *                      scenarios on PostgreSQL (BENCH_POSTGRES_URL, default
 *                      postgresql://postgres@127.0.0.1:5432/postgres names the server): a fresh
 *                      database portal_bench per run (migrated by lib/setup/migrate-postgres.ts, demo
 *                      accounts), the raw baseline is the same merge statement through `pg` on a pool of
 *                      DATABASE_POOL_SIZE connections (its own copy, portal_bench_raw), the dashboard
 *                      reads portal_bench_large (portal_bench_large_<n> for another --dashboard-users;
 *                      seeded on first use, reused while its marker row matches), and server CPU
 *                      includes the CPU of the PostgreSQL backends serving the bench's databases
 *   --lighthouse <n>   Lighthouse runs per profile (phone, desktop) on the signed-in section page before
 *                      any load, the median reported (default 3, --quick 1; 0 skips it); Chromium from
 *                      CHROMIUM_PATH or /usr/bin/chromium
 *   --only <list>      run only these scenarios, comma-separated: page (1), public (2), published
 *                      (a published copy of the material vs content/), beats (3), capacity (4),
 *                      dashboard (5), scale-out (postgres), lighthouse; the page weight is always
 *                      measured. Default: all. Ratios of one scenario are always measured side by side.
 *   --scale-out <s>    postgres only: seconds for each of two more capacity searches, one and two
 *                      instances (servers not pinned), to show how capacity grows with a second
 *                      instance (default: --capacity; 0 skips it)
 *   --help             print this text
 *
 * Environment:
 *   BENCH_PUBLIC=1     serve reading pages without sign-in (PUBLIC_READING=true) on the main server
 *                      too: scenario 1 then measures the page without the session lookup, and
 *                      scenario 2 (signed in vs public) is skipped
 *
 * A new "A vs B" comparison is one more `runScenario(...)` call in runScenarios() below.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PROGRESS_RULES } from "../lib/progress/config";
import { BEAT_MATERIAL, BeatStream, createReaderSessions, createSessionPool, loadBenchSections, type BenchReader, type BenchSection } from "./bench/beats";
import { buildApp, hasBuild, migrateDatabase } from "./bench/build";
import { findCapacity, type CapacityResult } from "./bench/capacity";
import { DASHBOARD_CONNECTIONS, prepareLargeDatabase, runDashboardScenario, type DashboardOptions, type DashboardResult, type LargeDatabase } from "./bench/dashboard";
import { runScenario, type LoadOptions, type ScenarioResult } from "./bench/load";
import { detectPinning, installCleanupHandlers, pinSelf, ROOT, stopAll, type Pinning } from "./bench/processes";
import { BEAT_P95_LIMIT_MS, evaluateGoals, printGoals } from "./bench/goals";
import {
  checkBudgets,
  printBudgets,
  printCapacity,
  printCapacityTrouble,
  printDashboard,
  printDashboardTrouble,
  printLoadTrouble,
  printScenario,
  printWeight,
} from "./bench/report";
import { startBareServer, startNextServer, startRawBeatServer, type Server } from "./bench/servers";
import { preparePostgresLargeDatabase } from "./bench/large-postgres";
import {
  BENCH_DATABASE,
  POSTGRES_ADMIN_URL,
  POSTGRES_READY_PATH,
  PostgresSessionPool,
  preparePostgresBenchDatabase,
  startPostgresRawBeatServer,
  trackBenchBackends,
  withDatabase,
  withDatabaseCpu,
} from "./bench/postgres";
import { measureScaleOut, printScaleOut, scaleOutGoal, type ScaleOutResult } from "./bench/scale-out";
import { getEnv } from "../lib/env";
import { measurePageWeight } from "./bench/weight";
import { printLighthouse, runLighthouse } from "./bench/lighthouse";
import { PUBLISHED_BENCH_SLUG, publishBenchCopy } from "./bench/published";

const DIST_DIR = ".next-bench";
const DATABASE_URL = "file:./data/bench.db";
const DB_FILE = path.join(ROOT, "data", "bench.db");
// The raw-driver baseline writes to its own copy, so the two never contend for SQLite's write lock.
const RAW_DB_FILE = path.join(ROOT, "data", "bench-raw.db");
const RESULTS_DIR = path.join(ROOT, "bench-results");
const SECTION_PATH = "/materials/deep-poverty-speech/part-1";
/** The same section of the bench's published copy (bench/published.ts). */
const PUBLISHED_SECTION_PATH = `/materials/${PUBLISHED_BENCH_SLUG}/part-1`;

type DbKind = "sqlite" | "postgres";

const SCENARIO_NAMES = ["page", "public", "published", "beats", "capacity", "dashboard", "scale-out", "lighthouse"] as const;
type ScenarioName = (typeof SCENARIO_NAMES)[number];

type Options = {
  db: DbKind;
  /** The scenarios to run (--only). */
  only: Set<ScenarioName>;
  build: boolean;
  quick: boolean;
  load: LoadOptions;
  capacity: { budgetSeconds: number; stepSeconds: number };
  /** duration 0: skipped. */
  dashboard: DashboardOptions;
  /** Seconds per search of the 1 → 2 instances comparison (PostgreSQL only); 0: skipped. */
  scaleOutSeconds: number;
  /** Lighthouse runs per profile; 0: skipped. */
  lighthouseRuns: number;
};

/** The flag list of this file's header comment, so usage text and docs cannot drift apart. */
function readUsage(): string {
  const header = fs.readFileSync(path.join(ROOT, "scripts", "bench.ts"), "utf8").split("*/")[0] ?? "";
  return header.replace(/^\/\*\*\n/, "").split("\n").map((line) => line.replace(/^ \* ?/, "")).join("\n").trimEnd();
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      "no-build": { type: "boolean", default: false },
      duration: { type: "string" },
      rounds: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      capacity: { type: "string" },
      dashboard: { type: "string" },
      "dashboard-users": { type: "string" },
      db: { type: "string", default: "sqlite" },
      "scale-out": { type: "string" },
      lighthouse: { type: "string" },
      only: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(readUsage());
    process.exit(0);
  }
  const quick = values.quick || process.env.BENCH_QUICK === "1";
  const number = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${raw}"`);
    return value;
  };
  if (values.db !== "sqlite" && values.db !== "postgres") throw new Error(`--db must be sqlite or postgres, got "${values.db}"`);
  const db: DbKind = values.db;
  if (db === "sqlite" && values["scale-out"] !== undefined && Number(values["scale-out"]) > 0) {
    throw new Error("--scale-out needs --db postgres: SQLite serves one instance only");
  }
  const load: LoadOptions = {
    duration: number("duration", values.duration, quick ? 2 : 5, 1),
    rounds: Math.round(number("rounds", values.rounds, quick ? 1 : 3, 1)),
    warmup: number("warmup", values.warmup, quick ? 1 : 5, 0),
    connections: Math.round(number("connections", values.connections, 20, 1)),
  };
  // Long enough for the search to converge (within 5 %, confirmed twice) at ~1,000 beats/s.
  const only = new Set<ScenarioName>(SCENARIO_NAMES);
  if (values.only !== undefined) {
    only.clear();
    for (const name of values.only.split(",").map((part) => part.trim()).filter(Boolean)) {
      if (!(SCENARIO_NAMES as readonly string[]).includes(name)) throw new Error(`--only: unknown scenario "${name}" (known: ${SCENARIO_NAMES.join(", ")})`);
      only.add(name as ScenarioName);
    }
  }
  const capacityBudget = only.has("capacity") ? number("capacity", values.capacity, quick ? 12 : 150, 0) : 0;
  return {
    db,
    only,
    build: !values["no-build"],
    quick,
    load,
    capacity: {
      budgetSeconds: capacityBudget,
      // Long enough for a queue to build up and show in the last third; short enough for ~6 steps.
      stepSeconds: quick ? 2 : 5,
    },
    dashboard: {
      users: Math.round(number("dashboard-users", values["dashboard-users"], quick ? 5_000 : 100_000, 1)),
      duration: only.has("dashboard") ? number("dashboard", values.dashboard, load.duration, 0) : 0,
      rounds: load.rounds,
      warmup: load.warmup,
      connections: DASHBOARD_CONNECTIONS,
    },
    scaleOutSeconds: db === "postgres" && only.has("scale-out") ? number("scale-out", values["scale-out"], number("capacity", values.capacity, quick ? 12 : 150, 0), 0) : 0,
    lighthouseRuns: only.has("lighthouse") ? Math.round(number("lighthouse", values.lighthouse, quick ? 1 : 3, 0)) : 0,
  };
}

// Production settings: reading needs a session, which proxy.ts validates against the database on
// every request for a reading page. The bench reads as the demo reader reader01. BENCH_ECHO turns on
// the bench-only floor route app/api/bench/echo (404 on every other server).
const PUBLIC_MAIN = process.env.BENCH_PUBLIC === "1";
const NEXT_ENV = { PUBLIC_READING: PUBLIC_MAIN ? "true" : "false", BENCH_ECHO: "1" };
// The second server of scenario 2: same build, reading without sign-in, echo route off.
const PUBLIC_ENV = { PUBLIC_READING: "true", BENCH_ECHO: "" };
const BENCH_ACCOUNT = "reader01";
const PROGRESS_PATH = "/api/progress";
const ECHO_PATH = "/api/bench/echo";

type Page = { body: Buffer; contentType: string; cacheHeaders: Record<string, string>; prerendered: boolean };

/** Fetches a page once, keeping its exact bytes for the bare server and the weight checks. */
async function fetchPage(server: Server, pagePath: string, cookie?: string): Promise<Page> {
  // identity: keep the bytes autocannon will get (it sends no Accept-Encoding), not a gzip variant.
  const response = await fetch(`${server.origin}${pagePath}`, {
    headers: { "accept-encoding": "identity", ...(cookie ? { cookie } : {}) },
    // A redirect (e.g. to /login) must fail here, not silently benchmark the wrong page.
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) {
    const location = response.headers.get("location");
    throw new Error(`GET ${pagePath} answered ${response.status}${location ? ` → ${location}` : ""}, expected 200`);
  }
  const cacheHeaders: Record<string, string> = {};
  for (const name of ["x-nextjs-cache", "x-nextjs-prerender", "cache-control", "content-encoding"]) {
    const value = response.headers.get(name);
    if (value !== null) cacheHeaders[name] = value;
  }
  const prerendered = "x-nextjs-cache" in cacheHeaders || "x-nextjs-prerender" in cacheHeaders;
  return { body, contentType: response.headers.get("content-type") ?? "text/html; charset=utf-8", cacheHeaders, prerendered };
}

/** rawLabel: what the raw-driver baseline runs, for the scenario's name and the goals. */
type Servers = { next: Server; bare: Server; publicNext?: Server; raw: Server; rawLabel: string };
type Workload = { page: Page; cookie: string; readers: BenchReader[]; sections: BenchSection[] };

/** A fresh beat stream per target, so each replays the same reading pattern from its start. */
function beatTarget(name: string, server: Server, pathname: string, workload: Workload) {
  const stream = new BeatStream(workload.readers, workload.sections, PROGRESS_RULES.beatIntervalSeconds);
  return { name, url: `${server.origin}${pathname}`, method: "POST", setupRequest: stream.toSetupRequest(server.origin), readCpuSeconds: server.readCpuSeconds };
}

type Scenarios = { all: ScenarioResult[]; pageVsBare?: ScenarioResult; signedVsPublic?: ScenarioResult; publishedVsBuiltIn?: ScenarioResult; beats?: ScenarioResult };

/** Every A-vs-B comparison of this run (those in `only`); add new scenarios here. */
async function runScenarios(servers: Servers, workload: Workload, load: LoadOptions, only: Set<ScenarioName>): Promise<Scenarios> {
  const { next, bare, publicNext, raw, rawLabel } = servers;
  const { page, cookie } = workload;
  const kind = page.prerendered ? "prerendered" : "rendered per request";
  const all: ScenarioResult[] = [];
  let pageVsBare: ScenarioResult | undefined;
  if (only.has("page")) {
    pageVsBare = await runScenario(
      {
        name: `${PUBLIC_MAIN ? "public section page (PUBLIC_READING=true, no session lookup" : "signed-in section page (session checked by the proxy"}, ${kind}): next start vs bare node:http, same bytes`,
        a: { name: "next", url: `${next.origin}${SECTION_PATH}`, headers: { cookie }, readCpuSeconds: next.readCpuSeconds },
        b: { name: "bare", url: `${bare.origin}${SECTION_PATH}`, readCpuSeconds: bare.readCpuSeconds },
        expectedRatio: { low: 0.08, high: 0.1, source: "(the issue, for a prerendered section page, Next 16, 2-core machine)" },
      },
      load,
    );
    all.push(pageVsBare);
  }
  // The baseline server has no more use: it would only be one more process on the servers' core.
  await bare.stop();
  let signedVsPublic: ScenarioResult | undefined;
  if (publicNext) {
    signedVsPublic = await runScenario(
      {
        name: `section page (${kind}): signed in (proxy looks the session up) vs PUBLIC_READING=true (no lookup), same build`,
        a: { name: "signed", url: `${next.origin}${SECTION_PATH}`, headers: { cookie }, readCpuSeconds: next.readCpuSeconds },
        b: { name: "public", url: `${publicNext.origin}${SECTION_PATH}`, readCpuSeconds: publicNext.readCpuSeconds },
      },
      load,
    );
    all.push(signedVsPublic);
    // Stopped as soon as it is done, like the bare server: idle servers still share the core.
    await publicNext.stop();
  }
  let publishedVsBuiltIn: ScenarioResult | undefined;
  if (only.has("published")) {
    publishedVsBuiltIn = await runScenario(
      {
        name: `signed-in section page: published from the browser (rendered once per revision, then kept) vs the same section prerendered from content/`,
        a: { name: "published", url: `${next.origin}${PUBLISHED_SECTION_PATH}`, headers: { cookie }, readCpuSeconds: next.readCpuSeconds },
        b: { name: "prerendered", url: `${next.origin}${SECTION_PATH}`, headers: { cookie }, readCpuSeconds: next.readCpuSeconds },
      },
      load,
    );
    all.push(publishedVsBuiltIn);
  }
  let beats: ScenarioResult | undefined;
  if (only.has("beats")) {
    beats = await runScenario(
      {
        name: `reading beats, ${workload.readers.length} signed-in readers taking turns: POST ${PROGRESS_PATH} vs Next echo route (parse JSON only) vs ${rawLabel}`,
        a: beatTarget("beats", next, PROGRESS_PATH, workload),
        b: beatTarget("echo", next, ECHO_PATH, workload),
        c: beatTarget("raw", raw, "/", workload),
      },
      load,
    );
    all.push(beats);
  }
  await raw.stop();
  return { all, pageVsBare, signedVsPublic, publishedVsBuiltIn, beats };
}

function describeMachine(pinning: Pinning) {
  const nextVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")) as { version: string }).version;
  const git = spawnSync("git", ["describe", "--always", "--dirty"], { cwd: ROOT, encoding: "utf8" });
  return {
    commit: git.status === 0 ? git.stdout.trim() : "unknown",
    node: process.version,
    next: nextVersion,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    // The machine is shared: a high load average explains noisy absolute numbers.
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    pinning,
  };
}

type CapacityPool = { readers: BenchReader[]; steady: () => void | Promise<void>; close: () => void | Promise<void> };

/** The capacity search's sessions, in the run's database (see SessionPool). */
async function createCapacityPool(database: BenchDatabase, readers: BenchReader[], size: number): Promise<CapacityPool> {
  if (database.kind === "postgres") return PostgresSessionPool.create(database.url, readers, size);
  return createSessionPool(DB_FILE, readers, size);
}

/** Searches for the highest beat rate POST /api/progress serves with p95 < 200 ms; readers = rate × 30 s. */
async function measureCapacity(next: Server, workload: Workload, beats: ScenarioResult | undefined, options: Options["capacity"], database: BenchDatabase): Promise<CapacityResult> {
  // Without the beats scenario (--only capacity) the search starts from a guess and climbs.
  const ceiling = beats?.a.reqPerSecMedian || 500;
  // Each beat of a step from its own session (see SessionPool), with room for rates well above the ceiling.
  const pool = await createCapacityPool(database, workload.readers, Math.max(2_000, Math.ceil(2 * ceiling * options.stepSeconds)));
  try {
    const stream = new BeatStream(pool.readers, workload.sections, PROGRESS_RULES.beatIntervalSeconds);
    return await findCapacity({
      urls: [`${next.origin}${PROGRESS_PATH}`],
      nextRequest: (origin) => stream.next(origin),
      beforeStep: () => pool.steady(),
      ceiling,
      stepSeconds: options.stepSeconds,
      budgetSeconds: options.budgetSeconds,
      p95LimitMs: BEAT_P95_LIMIT_MS,
      beatIntervalSeconds: PROGRESS_RULES.beatIntervalSeconds,
      readCpuSeconds: next.readCpuSeconds,
      workload:
        `beats as in the beats scenario, but each from its own session (${pool.readers.length.toLocaleString("en-US")} over ` +
        `${workload.readers.length} demo accounts); before each step every other session is made due for its once-a-minute ` +
        "lastSeenAt refresh, as for readers beating every 30 s",
    });
  } finally {
    await pool.close();
  }
}

/** One beat to each beat endpoint before any load: a 401/403/404 must fail here, not as 100,000 non-2xx. */
async function checkBeatEndpoints(servers: Servers, workload: Workload): Promise<void> {
  const stream = new BeatStream(workload.readers, workload.sections, PROGRESS_RULES.beatIntervalSeconds);
  const post = async (server: Server, pathname: string) => {
    const { headers, body } = stream.next(server.origin);
    const response = await fetch(`${server.origin}${pathname}`, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
    return { status: response.status, text: await response.text() };
  };
  const checks: Array<[Server, string, number]> = [
    [servers.next, PROGRESS_PATH, 200],
    [servers.next, ECHO_PATH, 200],
    [servers.raw, "/", 200],
  ];
  // The floor route must stay closed on a server started without BENCH_ECHO=1.
  if (servers.publicNext) checks.push([servers.publicNext, ECHO_PATH, 404]);
  for (const [server, pathname, expected] of checks) {
    const { status, text } = await post(server, pathname);
    if (status !== expected) throw new Error(`POST ${pathname} on ${server.name} answered ${status}, expected ${expected}: ${text.slice(0, 300)}`);
  }
}

/** The database the servers of this run use (the dashboard's large one aside). */
type BenchDatabase = { kind: DbKind; url: string };

async function main(): Promise<number> {
  const options = parseOptions();
  const database: BenchDatabase = { kind: options.db, url: options.db === "postgres" ? withDatabase(POSTGRES_ADMIN_URL, BENCH_DATABASE) : DATABASE_URL };
  // Before any project module reads the environment (lib/env.ts caches it on first use).
  process.env.DATABASE_URL = database.url;
  installCleanupHandlers();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const logDir = path.join(RESULTS_DIR, `bench-${stamp}`);
  fs.mkdirSync(logDir, { recursive: true });
  const pinning = detectPinning();
  const machine = describeMachine(pinning);
  console.log(`[bench] ${options.quick ? "QUICK mode (sanity check only); " : ""}logs in ${path.relative(ROOT, logDir)}/`);
  console.log(`[bench] node ${machine.node}, next ${machine.next}, ${machine.cpus} cpus, load average ${machine.loadAverage.join(" ")}; ${pinning.note}`);
  console.log(`[bench] database: ${database.kind === "postgres" ? `PostgreSQL, ${database.url}` : `SQLite, ${DATABASE_URL}`}`);

  const buildLog = path.join(logDir, "build.log");
  if (options.build) {
    console.log(`[bench] building into ${DIST_DIR} (prisma generate + next build)…`);
    const started = Date.now();
    await buildApp({ distDir: DIST_DIR, databaseUrl: DATABASE_URL, logFile: buildLog });
    console.log(`[bench] build finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else if (!hasBuild(DIST_DIR)) {
    throw new Error(`--no-build: ${DIST_DIR}/BUILD_ID not found; run once without --no-build`);
  } else {
    console.log(`[bench] --no-build: reusing ${DIST_DIR}`);
  }
  // Before any server starts: seeding 100,000 readers takes both cores for about a minute.
  let largeDb: LargeDatabase | undefined;
  if (options.dashboard.duration > 0) {
    largeDb =
      database.kind === "postgres" ? await preparePostgresLargeDatabase(options.dashboard.users) : await prepareLargeDatabase(options.dashboard.users, buildLog);
  }
  // PostgreSQL: the raw baseline's copy is made here, before any server holds a connection.
  let rawUrl: string | undefined;
  if (database.kind === "postgres") ({ rawUrl } = await preparePostgresBenchDatabase(buildLog));
  else await migrateDatabase(DATABASE_URL, buildLog);

  // Server CPU on PostgreSQL includes the CPU of the backends serving the bench's databases.
  const stopTracking = database.kind === "postgres" ? await trackBenchBackends() : undefined;
  const readers = await createReaderSessions(database.url);
  // Before the server starts, which finds it in the database like any published material.
  if (options.only.has("published")) await publishBenchCopy();
  const sections = await loadBenchSections();
  const cookie = readers.find((reader) => reader.account === BENCH_ACCOUNT)?.cookie;
  if (!cookie) throw new Error(`demo reader ${BENCH_ACCOUNT} not found in the bench database`);

  // On PostgreSQL the database's work is done in its own processes: counted with each server's CPU.
  const withDb = (server: Server) => (database.kind === "postgres" ? withDatabaseCpu(server) : server);
  const readyPath = database.kind === "postgres" ? POSTGRES_READY_PATH : undefined;
  const next = withDb(await startNextServer({ distDir: DIST_DIR, databaseUrl: database.url, logDir, pinning, env: NEXT_ENV, readyPath }));
  const page = await fetchPage(next, SECTION_PATH, cookie);
  if (options.only.has("published")) {
    const published = await fetchPage(next, PUBLISHED_SECTION_PATH, cookie);
    console.log(`[bench] published copy ${PUBLISHED_SECTION_PATH}: ${published.body.length} bytes (the prerendered section: ${page.body.length})`);
  }
  const bare = await startBareServer({ body: page.body, contentType: page.contentType, logDir, pinning });
  const bareCopy = await fetchPage(bare, SECTION_PATH);
  if (!bareCopy.body.equals(page.body)) throw new Error("the bare server does not answer with the page's exact bytes");
  console.log(`[bench] next on ${next.origin} (${JSON.stringify(NEXT_ENV)}), bare on ${bare.origin}; page ${page.body.length} bytes, ${page.contentType}, ${JSON.stringify(page.cacheHeaders)}`);
  if (!page.prerendered) {
    console.log("[bench] note: Next rendered the section page per request (no x-nextjs-cache/x-nextjs-prerender header); the issue's expectation is for a prerendered page");
  }
  let publicNext: Server | undefined;
  if (PUBLIC_MAIN || !options.only.has("public")) {
    console.log(PUBLIC_MAIN ? "[bench] BENCH_PUBLIC=1: the main server is public, so the signed-in vs public comparison is skipped" : "[bench] --only: signed-in vs public skipped");
  } else {
    publicNext = withDb(await startNextServer({ distDir: DIST_DIR, databaseUrl: database.url, logDir, pinning, env: PUBLIC_ENV, name: "public", readyPath }));
    const publicPage = await fetchPage(publicNext, SECTION_PATH);
    const same = publicPage.body.equals(page.body) ? "same bytes" : `${publicPage.body.length} bytes, NOT the same bytes`;
    console.log(`[bench] public next on ${publicNext.origin} (${JSON.stringify(PUBLIC_ENV)}): ${same}, ${JSON.stringify(publicPage.cacheHeaders)}`);
  }
  const raw =
    database.kind === "postgres" && rawUrl
      ? withDb(await startPostgresRawBeatServer({ databaseUrl: rawUrl, logDir, pinning }))
      : await startRawBeatServer({ sourceDbFile: DB_FILE, dbFile: RAW_DB_FILE, logDir, pinning });
  const rawLabel =
    database.kind === "postgres" ? `raw pg upsert (pool of ${getEnv().DATABASE_POOL_SIZE}) on bare node:http` : "raw better-sqlite3 upsert on bare node:http";
  const servers: Servers = { next, bare, publicNext, raw, rawLabel };
  const workload: Workload = { page, cookie, readers, sections };
  await checkBeatEndpoints(servers, workload);
  console.log(`[bench] raw beat server on ${raw.origin} (${rawUrl ?? path.relative(ROOT, RAW_DB_FILE)}); beats of ${readers.length} readers over ${sections.length} sections accepted by all three`);

  const weight = await measurePageWeight(next.origin, SECTION_PATH, page.body);
  const budgets = checkBudgets(weight);
  // Before any load: Lighthouse's simulated throttling scales the main-thread time it observes, so a
  // busy machine would be reported as a slow page.
  const lighthouse = options.lighthouseRuns > 0 ? await runLighthouse({ origin: next.origin, path: SECTION_PATH, cookie, runs: options.lighthouseRuns }) : undefined;

  // From here on this process only generates load, so it moves off the servers' core.
  pinSelf(pinning);
  const scenarios = await runScenarios(servers, workload, options.load, options.only);
  const capacity = options.capacity.budgetSeconds > 0 ? await measureCapacity(next, workload, scenarios.beats, options.capacity, database) : undefined;
  // The main server is done; idle, it would still share the servers' core with the next ones.
  await next.stop();
  let scaleOut: ScaleOutResult | undefined;
  if (database.kind === "postgres" && options.scaleOutSeconds > 0) {
    scaleOut = await measureScaleOut({
      distDir: DIST_DIR,
      databaseUrl: database.url,
      logDir,
      pinning,
      env: NEXT_ENV,
      readers,
      sections,
      progressPath: PROGRESS_PATH,
      ceiling: scenarios.beats?.a.reqPerSecMedian || 500,
      budgetSeconds: options.scaleOutSeconds,
      stepSeconds: options.capacity.stepSeconds,
    });
  }
  let dashboard: DashboardResult | undefined;
  let dashboardError: string | undefined;
  if (largeDb) {
    try {
      dashboard = await runDashboardScenario({ database: largeDb, distDir: DIST_DIR, logDir, pinning, options: options.dashboard });
    } catch (error) {
      // Loud, and the run fails, but the scenarios above keep their results.
      dashboardError = error instanceof Error ? error.message : String(error);
      console.error(`\n!!!!!!!! dashboard scenario FAILED: ${dashboardError}`);
    }
  }
  await stopAll();
  await stopTracking?.();

  console.log("\n================ results ================");
  let loadTrouble = false;
  for (const scenario of scenarios.all) {
    printScenario(scenario, options.load);
    loadTrouble = printLoadTrouble(scenario) || loadTrouble;
  }
  if (capacity) {
    printCapacity(capacity);
    loadTrouble = printCapacityTrouble(capacity) || loadTrouble;
  }
  if (scaleOut) {
    printScaleOut(scaleOut);
    loadTrouble = printCapacityTrouble(scaleOut.one) || loadTrouble;
    loadTrouble = printCapacityTrouble(scaleOut.two) || loadTrouble;
  }
  if (dashboard) {
    printDashboard(dashboard);
    loadTrouble = printDashboardTrouble(dashboard) || loadTrouble;
  }
  printWeight(weight);
  if (lighthouse) printLighthouse(lighthouse);
  printBudgets(budgets);
  const skippedByOnly = "not in --only";
  const goals = evaluateGoals({
    pageVsBare: PUBLIC_MAIN ? undefined : scenarios.pageVsBare,
    pageVsBareSkipped: PUBLIC_MAIN ? "BENCH_PUBLIC=1: scenario 1 measured the public page" : skippedByOnly,
    beats: scenarios.beats,
    signedVsPublic: scenarios.signedVsPublic,
    publishedVsBuiltIn: scenarios.publishedVsBuiltIn,
    publishedVsBuiltInSkipped: skippedByOnly,
    signedVsPublicSkipped: PUBLIC_MAIN ? "BENCH_PUBLIC=1: the main server is public too" : skippedByOnly,
    capacity,
    capacitySkipped: options.only.has("capacity") ? "--capacity 0" : skippedByOnly,
    dashboard,
    dashboardSkipped: largeDb ? `FAILED: ${dashboardError ?? "?"}` : options.only.has("dashboard") ? "--dashboard 0" : skippedByOnly,
    rawLabel,
    lighthouse,
    lighthouseSkipped: options.only.has("lighthouse") ? "--lighthouse 0" : skippedByOnly,
  });
  if (database.kind === "postgres") goals.push(scaleOutGoal(scaleOut, options.only.has("scale-out") ? "--scale-out 0" : skippedByOnly));
  printGoals(goals);
  const budgetFailures = budgets.filter((budget) => !budget.pass).length;

  const file = path.join(RESULTS_DIR, `bench-${stamp}.json`);
  const results = {
    createdAt: new Date().toISOString(),
    quick: options.quick,
    database: database.kind === "postgres" ? { kind: "postgresql", url: database.url, poolSize: getEnv().DATABASE_POOL_SIZE, serverCpuIncludesPostgres: true } : { kind: "sqlite", url: DATABASE_URL },
    load: options.load,
    only: [...options.only],
    machine,
    page: { path: SECTION_PATH, bytes: page.body.length, contentType: page.contentType, headers: page.cacheHeaders, prerendered: page.prerendered, nextEnv: NEXT_ENV },
    beats: { readers: readers.map((r) => r.account), material: BEAT_MATERIAL, sections: sections.map((s) => s.slug), intervalSeconds: PROGRESS_RULES.beatIntervalSeconds },
    scenarios: scenarios.all,
    capacity,
    scaleOut,
    dashboard: dashboard ?? (dashboardError ? { error: dashboardError, database: largeDb } : undefined),
    weight,
    lighthouse,
    budgets,
    // Informational: goals do not decide `passed` or the exit code.
    goals,
    passed: !loadTrouble && !dashboardError && budgetFailures === 0,
  };
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n[bench] results: ${path.relative(ROOT, file)}`);
  if (options.quick) console.log("[bench] quick mode: numbers are a sanity check, not a measurement");
  if (loadTrouble) console.error("[bench] FAILED: the load generator saw errors or non-2xx responses");
  if (dashboardError) console.error(`[bench] FAILED: the dashboard scenario did not run: ${dashboardError}`);
  if (budgetFailures > 0) console.error(`[bench] FAILED: ${budgetFailures} budget(s) over`);
  return loadTrouble || dashboardError || budgetFailures > 0 ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    console.error(`\n[bench] ERROR: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  });
