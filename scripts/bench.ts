/**
 * Benchmark runner: `npm run bench [-- flags]`.
 *
 * Builds the app into .next-bench (never the dev server's .next), starts `next start` on a fresh
 * SQLite database and compares it with baselines under autocannon, then measures the page weight
 * of the section page and checks the budgets. Results go to bench-results/bench-<timestamp>.json.
 *
 * Flags:
 *   --quick            short sanity run (1 round of 2 s, 1 s warm-up); also BENCH_QUICK=1
 *   --no-build         reuse the existing .next-bench build
 *   --duration <s>     seconds per measured round (default 5)
 *   --rounds <n>       measured rounds per target (default 3)
 *   --warmup <s>       un-counted seconds per target first (default 5)
 *   --connections <n>  concurrent connections (default 20)
 *   --help             print this text
 *
 * Environment:
 *   BENCH_PUBLIC=1     serve reading pages without sign-in (PUBLIC_READING=true): measures the
 *                      prerendered page without the proxy's session lookup
 *
 * A new "A vs B" comparison is one more `runScenario(...)` call in runScenarios() below.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildApp, hasBuild, migrateDatabase } from "./bench/build";
import { runScenario, type LoadOptions, type ScenarioResult } from "./bench/load";
import { detectPinning, installCleanupHandlers, pinSelf, ROOT, stopAll, type Pinning } from "./bench/processes";
import { checkBudgets, printBudgets, printLoadTrouble, printScenario, printWeight } from "./bench/report";
import { startBareServer, startNextServer, type Server } from "./bench/servers";
import { measurePageWeight } from "./bench/weight";

const DIST_DIR = ".next-bench";
const DATABASE_URL = "file:./data/bench.db";
const RESULTS_DIR = path.join(ROOT, "bench-results");
const SECTION_PATH = "/materials/deep-poverty-speech/part-1";

type Options = { build: boolean; quick: boolean; load: LoadOptions };

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
  return {
    build: !values["no-build"],
    quick,
    load: {
      duration: number("duration", values.duration, quick ? 2 : 5, 1),
      rounds: Math.round(number("rounds", values.rounds, quick ? 1 : 3, 1)),
      warmup: number("warmup", values.warmup, quick ? 1 : 5, 0),
      connections: Math.round(number("connections", values.connections, 20, 1)),
    },
  };
}

// Production settings: reading needs a session, which proxy.ts validates against the database on
// every request for a reading page. The bench reads as the demo reader reader01.
const NEXT_ENV = { PUBLIC_READING: process.env.BENCH_PUBLIC === "1" ? "true" : "false" };
const BENCH_ACCOUNT = "reader01";

/** A session cookie for a demo account, created in the bench database as the login form would. */
async function createSessionCookie(account: string): Promise<string> {
  process.env.DATABASE_URL = DATABASE_URL;
  const { getDb } = await import("../lib/db");
  const { createSession, SESSION_COOKIE } = await import("../lib/auth/session");
  const user = await (await getDb()).user.findUniqueOrThrow({ where: { account }, select: { id: true } });
  const { token } = await createSession(user.id, { userAgent: "bench" });
  return `${SESSION_COOKIE}=${token}`;
}

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

/** Every A-vs-B comparison of this run; add new scenarios here. */
async function runScenarios(next: Server, bare: Server, page: Page, cookie: string, load: LoadOptions): Promise<ScenarioResult[]> {
  return [
    await runScenario(
      {
        name: `signed-in section page (${page.prerendered ? "prerendered" : "rendered per request"}, session checked by the proxy): next start vs bare node:http, same bytes`,
        a: { name: "next", url: `${next.origin}${SECTION_PATH}`, headers: { cookie }, readCpuSeconds: next.readCpuSeconds },
        b: { name: "bare", url: `${bare.origin}${SECTION_PATH}`, readCpuSeconds: bare.readCpuSeconds },
        expectedRatio: { low: 0.08, high: 0.1, source: "(the issue, for a prerendered section page, Next 16, 2-core machine)" },
      },
      load,
    ),
  ];
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

async function main(): Promise<number> {
  const options = parseOptions();
  installCleanupHandlers();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const logDir = path.join(RESULTS_DIR, `bench-${stamp}`);
  fs.mkdirSync(logDir, { recursive: true });
  const pinning = detectPinning();
  const machine = describeMachine(pinning);
  console.log(`[bench] ${options.quick ? "QUICK mode (sanity check only); " : ""}logs in ${path.relative(ROOT, logDir)}/`);
  console.log(`[bench] node ${machine.node}, next ${machine.next}, ${machine.cpus} cpus, load average ${machine.loadAverage.join(" ")}; ${pinning.note}`);

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
  await migrateDatabase(DATABASE_URL, buildLog);

  const next = await startNextServer({ distDir: DIST_DIR, databaseUrl: DATABASE_URL, logDir, pinning, env: NEXT_ENV });
  const cookie = await createSessionCookie(BENCH_ACCOUNT);
  const page = await fetchPage(next, SECTION_PATH, cookie);
  const bare = await startBareServer({ body: page.body, contentType: page.contentType, logDir, pinning });
  const bareCopy = await fetchPage(bare, SECTION_PATH);
  if (!bareCopy.body.equals(page.body)) throw new Error("the bare server does not answer with the page's exact bytes");
  console.log(`[bench] next on ${next.origin} (${JSON.stringify(NEXT_ENV)}), bare on ${bare.origin}; page ${page.body.length} bytes, ${page.contentType}, ${JSON.stringify(page.cacheHeaders)}`);
  if (!page.prerendered) {
    console.log("[bench] note: Next rendered the section page per request (no x-nextjs-cache/x-nextjs-prerender header); the issue's expectation is for a prerendered page");
  }

  const weight = await measurePageWeight(next.origin, SECTION_PATH, page.body);
  const budgets = checkBudgets(weight);

  // From here on this process only generates load, so it moves off the servers' core.
  pinSelf(pinning);
  const scenarios = await runScenarios(next, bare, page, cookie, options.load);
  await stopAll();

  console.log("\n================ results ================");
  let loadTrouble = false;
  for (const scenario of scenarios) {
    printScenario(scenario, options.load);
    loadTrouble = printLoadTrouble(scenario) || loadTrouble;
  }
  printWeight(weight);
  printBudgets(budgets);
  const budgetFailures = budgets.filter((budget) => !budget.pass).length;

  const file = path.join(RESULTS_DIR, `bench-${stamp}.json`);
  const results = {
    createdAt: new Date().toISOString(),
    quick: options.quick,
    load: options.load,
    machine,
    page: { path: SECTION_PATH, bytes: page.body.length, contentType: page.contentType, headers: page.cacheHeaders, prerendered: page.prerendered, nextEnv: NEXT_ENV },
    scenarios,
    weight,
    budgets,
    passed: !loadTrouble && budgetFailures === 0,
  };
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n[bench] results: ${path.relative(ROOT, file)}`);
  if (options.quick) console.log("[bench] quick mode: numbers are a sanity check, not a measurement");
  if (loadTrouble) console.error("[bench] FAILED: the load generator saw errors or non-2xx responses");
  if (budgetFailures > 0) console.error(`[bench] FAILED: ${budgetFailures} budget(s) over`);
  return loadTrouble || budgetFailures > 0 ? 1 : 0;
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
