import type { CapacityResult } from "./capacity";
import type { DashboardResult, DashboardTargetSummary } from "./dashboard";
import { formatCores, type Expectation, type LoadOptions, type ScenarioResult, type TargetSummary } from "./load";
import type { PageWeight } from "./weight";

export type Budget = { name: string; pass: boolean; actual: string; limitBytes?: number; actualBytes?: number; note?: string };

// Budgets use decimal kilobytes, the unit bundle-size tools and the issue speak in.
const KB = 1000;
const BUDGET_OUR_JS_GZIP = 25 * KB;
const BUDGET_HTML_RAW = 40 * KB;
// Cores' worth of CPU used by others above which the absolute numbers deserve a caveat.
const NOISY_OTHER_CPU = 0.25;

function formatKb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} kB`;
}

/** Milliseconds as measured, "—" when there was nothing to measure (e.g. a step stopped early). */
function formatMs(value: number): string {
  return Number.isFinite(value) ? String(value) : "—";
}

function formatInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a";
}

/** Checks the page-weight budgets of the issue. */
export function checkBudgets(weight: PageWeight): Budget[] {
  const unattributed = weight.unattributedScripts;
  const oursPass = unattributed === 0 && weight.js.gzip.ours <= BUDGET_OUR_JS_GZIP;
  return [
    {
      name: `our client JS ≤ ${formatKb(BUDGET_OUR_JS_GZIP)} gzip`,
      pass: oursPass,
      actual: formatKb(weight.js.gzip.ours),
      limitBytes: BUDGET_OUR_JS_GZIP,
      actualBytes: weight.js.gzip.ours,
      note:
        unattributed > 0
          ? `${unattributed} script(s) have no source map, so ours cannot be told apart; rebuild (drop --no-build) with BENCH_SOURCEMAPS=1 honoured by next.config.ts`
          : `whole chunks holding our code: ${formatKb(weight.oursUpperBoundGzip)} gzip`,
    },
    {
      name: `HTML ≤ ${formatKb(BUDGET_HTML_RAW)} (raw, uncompressed)`,
      pass: weight.html.rawBytes <= BUDGET_HTML_RAW,
      actual: formatKb(weight.html.rawBytes),
      limitBytes: BUDGET_HTML_RAW,
      actualBytes: weight.html.rawBytes,
    },
    {
      name: `no web fonts (HTML + ${weight.css.length} CSS file(s))`,
      pass: weight.fonts.length === 0,
      actual: weight.fonts.length === 0 ? "none referenced" : `${weight.fonts.length} reference(s)`,
      note: weight.fonts.length === 0 ? undefined : weight.fonts.map((hit) => `${hit.file}: ${hit.match}`).join("; "),
    },
  ];
}

function printTargetRow(target: TargetSummary): void {
  const cells = [
    target.name.padEnd(6),
    formatInt(target.reqPerSecMedian).padStart(9),
    target.reqPerSecRounds.map(formatInt).join(" / ").padEnd(26),
    String(target.p50MsMedian).padStart(6),
    String(target.p99MsMedian).padStart(6),
    String(target.non2xx).padStart(7),
    String(target.errors).padStart(6),
    formatCores(target.serverCpuMedian).padStart(7),
    formatCores(target.loadGeneratorCpuMedian).padStart(7),
    formatCores(target.otherCpuMedian).padStart(9),
    formatInt(target.reqPerCpuSecondMedian ?? Number.NaN).padStart(11),
  ];
  console.log(`  ${cells.join("  ")}`);
}

/** Prints errors and non-2xx answers so that nobody can miss them. */
export function printLoadTrouble(result: ScenarioResult): boolean {
  let trouble = false;
  for (const target of [result.a, result.b, ...(result.c ? [result.c] : [])]) {
    if (target.errors === 0 && target.non2xx === 0) continue;
    trouble = true;
    console.error(`\n!!!!!!!! ${result.name}: ${target.name} had ${target.errors} ERRORS (${target.timeouts} timeouts) and ${target.non2xx} non-2xx responses !!!!!!!!`);
    for (const sample of target.errorSamples) console.error(`!!!!!!!!   ${sample}`);
    console.error("!!!!!!!! the numbers of this scenario are not trustworthy");
  }
  return trouble;
}

function describeAgainst(ratio: number, range: Expectation | undefined): string {
  if (!range) return "";
  if (ratio < range.low) return "   below the expected range";
  return ratio > range.high ? "   above the expected range" : "   inside the expected range";
}

/** Prints one A-vs-B scenario as a compact table plus the ratio and its expectation. */
export function printScenario(result: ScenarioResult, load: LoadOptions): void {
  console.log(`\n${result.name}  (median of ${load.rounds} × ${load.duration} s rounds, ${load.connections} connections, after ${load.warmup} s warm-up)`);
  console.log("  target  req/s med  req/s per round              p50 ms  p99 ms  non-2xx  errors  srv cpu  gen cpu  other cpu  req/cpu-s");
  const targets = [result.a, result.b, ...(result.c ? [result.c] : [])];
  for (const target of targets) printTargetRow(target);
  for (const target of targets.filter((t) => t.loadBound)) {
    console.log(`  WARNING: the load generator, not ${target.name}, was saturated: ${target.name}'s req/s is a floor, so the ratio is skewed`);
  }
  const busiest = Math.max(...targets.map((t) => t.otherCpuMedian ?? 0));
  if (busiest >= NOISY_OTHER_CPU) {
    console.log(`  note: other work used up to ${formatCores(busiest)} of a core during the rounds (shared machine): absolute req/s are depressed and even the ratio drifts; re-run when the machine is quiet`);
  }
  const range = result.expectedRatio;
  const pair = `${result.a.name}/${result.b.name}`;
  console.log(`  ratio ${pair} req/s                 = ${result.ratio.toFixed(3)}${describeAgainst(result.ratio, range)}`);
  if (result.cpuNormalizedRatio !== undefined) {
    console.log(`  ratio ${pair} per server CPU-second = ${result.cpuNormalizedRatio.toFixed(3)}${describeAgainst(result.cpuNormalizedRatio, range)}`);
    console.log("    (the per-CPU ratio holds even when the load generator or a neighbour caps req/s)");
  }
  if (range) console.log(`  expected ≈ ${range.low.toFixed(2)}–${range.high.toFixed(2)} ${range.source}`);
  if (result.c && result.ratioToC !== undefined) {
    const pairC = `${result.a.name}/${result.c.name}`;
    console.log(`  ratio ${pairC} req/s                 = ${result.ratioToC.toFixed(3)}`);
    if (result.cpuNormalizedRatioToC !== undefined) console.log(`  ratio ${pairC} per server CPU-second = ${result.cpuNormalizedRatioToC.toFixed(3)}`);
  }
}

/** Prints the capacity search: every step, then the answer. */
export function printCapacity(result: CapacityResult, title = "capacity of POST /api/progress"): void {
  console.log(`\n${title}: highest rate with p95 < ${result.p95LimitMs} ms and no errors  (${result.steps.length} steps of ${result.stepSeconds} s, ${result.seconds} s in all)`);
  console.log("           rate  answered/due  p50 ms    p95 ms  p95 last ⅓    p99 ms  send lag p95  srv cpu  gen cpu  other cpu  result");
  for (const step of result.steps) {
    const cells = [
      (step.kind === "search" ? "" : step.kind).padEnd(7) + formatInt(step.rate).padStart(6),
      `${formatInt(step.completed)}/${formatInt(step.planned)}`.padStart(13),
      formatMs(step.p50Ms).padStart(6),
      formatMs(step.p95Ms).padStart(9),
      formatMs(step.p95LastThirdMs).padStart(10),
      formatMs(step.p99Ms).padStart(9),
      `${step.sendLagP95Ms} ms`.padStart(12),
      formatCores(step.serverCpu).padStart(7),
      formatCores(step.loadGeneratorCpu).padStart(7),
      formatCores(step.otherCpu).padStart(9),
      step.pass ? "pass" : `FAIL: ${step.why}${step.noisy ? " (noisy: other work or a late load generator)" : ""}`,
    ];
    console.log(`  ${cells.join("  ")}`);
  }
  const noisy = result.steps.filter((step) => step.noisy).length;
  if (noisy > 0) {
    console.log(`  note: ${noisy} of ${result.steps.length} steps ran while other work used ≥ 50% of a core or the load generator ran ≥ 20 ms late (shared machine); a noisy failure is tried once more, but the capacity is likely understated: re-run when the machine is quiet`);
  }
  const rate = result.rate > 0 ? `${formatInt(result.rate)} beats/s` : "no rate passed";
  const bound = [
    result.failedAt === undefined ? "no step failed before the time ran out: a floor" : `${formatInt(result.failedAt)} beats/s failed`,
    ...(result.rate > 0 && result.failedAt !== undefined && !result.confirmed ? [`confirmed ${result.confirmations} of 2 times: the time ran out`] : []),
    ...(result.failedAt !== undefined ? [result.converged ? "converged: within 5 %, confirmed twice" : "NOT converged: a bracket, not a figure"] : []),
  ].join("; ");
  console.log(`  capacity = ${rate} × ${result.beatIntervalSeconds} s beat interval = ${formatInt(result.readers)} readers reading at once  (${bound})`);
  console.log(`  method: ${result.method}`);
  console.log(`  workload: ${result.workload}`);
}

/** Capacity steps with non-2xx answers: a bug, not overload (timeouts under overload are expected). */
export function printCapacityTrouble(result: CapacityResult): boolean {
  const bad = result.steps.filter((step) => step.non2xx > 0);
  for (const step of bad) {
    console.error(`\n!!!!!!!! capacity step at ${step.rate} req/s: ${step.non2xx} non-2xx responses ${JSON.stringify(step.statusCodes)} !!!!!!!!`);
  }
  return bad.length > 0;
}

/** Prints HTML, CSS and JavaScript sizes with the framework/ours split. */
export function printWeight(weight: PageWeight): void {
  const row = (label: string, raw: number, gzip: number, extra = "") =>
    console.log(`  ${label.padEnd(28)} ${formatKb(raw).padStart(10)} raw ${formatKb(gzip).padStart(10)} gzip${extra}`);
  const loaded = weight.scripts.filter((s) => !s.nomodule);
  const legacy = weight.scripts.filter((s) => s.nomodule);
  console.log(`\npage weight of ${weight.url}  (gzip: zlib level ${weight.gzipLevel}; 1 kB = 1000 bytes)`);
  row("HTML", weight.html.rawBytes, weight.html.gzipBytes);
  for (const css of weight.css) row(`CSS ${css.url.split("/").pop()}`, css.rawBytes, css.gzipBytes);
  row(`JS, ${loaded.length} <script src>`, weight.js.rawBytes, weight.js.gzipBytes);
  row("  framework (next, react…)", weight.js.raw.framework, weight.js.gzip.framework);
  row("  ours", weight.js.raw.ours, weight.js.gzip.ours);
  row("  third-party packages", weight.js.raw.thirdParty, weight.js.gzip.thirdParty);
  row("  unmapped bundler glue", weight.js.raw.unmapped, weight.js.gzip.unmapped);
  for (const script of legacy) row("nomodule polyfills (skipped", script.rawBytes, script.gzipBytes, "  by modern browsers; not counted)");
  for (const source of weight.ourSources) console.log(`    ours: ${source.source.replace(/^turbopack:\/\/\/\[project\]\//, "")}  ${formatInt(source.rawBytes)} B raw`);
  console.log(`  method: ${weight.method}`);
}

/** Prints PASS/FAIL per budget. */
export function printBudgets(budgets: Budget[]): void {
  console.log("\nbudgets");
  for (const budget of budgets) {
    console.log(`  ${budget.pass ? "PASS" : "FAIL"}  ${budget.name}: ${budget.actual}${budget.note ? `  (${budget.note})` : ""}`);
  }
}

/** Pads to a terminal width: CJK characters take two columns. */
function padDisplay(text: string, width: number): string {
  const columns = [...text].reduce((sum, ch) => sum + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
  return text + " ".repeat(Math.max(0, width - columns));
}

function formatMsOrDash(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "—" : String(value);
}

/** The dashboard at scale: p50/p95 of the trivial signed-in page and the two dashboards, and their ratios. */
export function printDashboard(result: DashboardResult): void {
  const seeding = result.database.reused
    ? `reused ${result.database.file.replace(/^.*\/data\//, "data/")}, seeded ${result.database.seededAt}`
    : `seeded this run in ${result.database.seedSeconds?.toFixed(1) ?? "?"} s`;
  console.log(
    `\n${result.name}  (GET as ${result.admin}; ${result.rounds} × ${result.duration} s rounds per target, interleaved, ${result.connections} connections, ` +
      `after ${result.warmup} s warm-up; ${seeding})`,
  );
  console.log("  target   page                                    readers  requests  req/s med  p50 ms  p95 ms  p99 ms  p95 per round         non-2xx  errors  srv cpu  srv ms/req  other cpu");
  const row = (t: DashboardTargetSummary) => {
    const page = t.unit ? `${t.unit.name} (unit ${t.unit.id}, depth ${t.unit.depth})` : t.path;
    const cells = [
      t.name.padEnd(7),
      padDisplay(page, 38),
      (t.unit ? formatInt(t.unit.headcount) : "").padStart(7),
      formatInt(t.requests).padStart(8),
      formatInt(t.reqPerSecMedian).padStart(9),
      formatMsOrDash(t.p50Ms).padStart(6),
      formatMsOrDash(t.p95Ms).padStart(6),
      formatMsOrDash(t.p99Ms).padStart(6),
      t.p95MsRounds.join(" / ").padEnd(20),
      String(t.non2xx).padStart(7),
      String(t.errors).padStart(6),
      formatCores(t.serverCpuMedian).padStart(7),
      formatMsOrDash(t.serverCpuMsPerRequest).padStart(10),
      formatCores(t.otherCpuMedian).padStart(9),
    ];
    console.log(`  ${cells.join("  ")}`);
  };
  for (const target of [result.trivial, result.root, result.mid]) row(target);
  const { ratios } = result;
  console.log(`  ratio root/trivial p95 = ${ratios.rootP95.toFixed(2)}   (p50 ${ratios.rootP50.toFixed(2)})`);
  console.log(`  ratio mid/trivial  p95 = ${ratios.midP95.toFixed(2)}   (p50 ${ratios.midP50.toFixed(2)})`);
  const { count, min, max } = result.countyHeadcounts;
  console.log(`  mid-level unit: the median of ${count} counties by readers (${formatInt(min)}–${formatInt(max)})`);
  const busiest = Math.max(...[result.trivial, result.root, result.mid].map((t) => t.otherCpuMedian ?? 0));
  if (busiest >= NOISY_OTHER_CPU) {
    console.log(`  note: other work used up to ${formatCores(busiest)} of a core during the rounds (shared machine): latencies are inflated; re-run when the machine is quiet`);
  }
  console.log(`  method: ${result.method}`);
}

/** Errors and non-2xx answers of the dashboard scenario, so that nobody can miss them. */
export function printDashboardTrouble(result: DashboardResult): boolean {
  let trouble = false;
  for (const target of [result.trivial, result.root, result.mid]) {
    if (target.errors === 0 && target.non2xx === 0) continue;
    trouble = true;
    console.error(`\n!!!!!!!! ${result.name}: ${target.name} had ${target.errors} ERRORS and ${target.non2xx} non-2xx responses !!!!!!!!`);
    for (const sample of target.errorSamples) console.error(`!!!!!!!!   ${sample}`);
    console.error("!!!!!!!! the numbers of this scenario are not trustworthy");
  }
  return trouble;
}
