import autocannon, { type Options, type RequestParams, type Result } from "autocannon";
import { readMachineBusySeconds } from "./processes";

export type LoadOptions = {
  /** Seconds per measured round. */
  duration: number;
  /** Seconds of un-counted load per target before the first measured round. */
  warmup: number;
  /** Measured rounds per target. */
  rounds: number;
  connections: number;
};

export type Target = {
  name: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Builds every request anew (e.g. a different reader and beat each time); gets method, path,
   * headers and body as set above and must return a new object.
   */
  setupRequest?: (request: RequestParams) => RequestParams;
  /** CPU seconds of the server behind `url`, to tell a saturated server from a saturated load generator. */
  readCpuSeconds?: () => number | undefined;
};

export type Expectation = { low: number; high: number; source: string };

/**
 * Two targets loaded alike; the interesting number is a/b req/s. An optional second baseline `c`
 * (e.g. the machine's limit next to the framework's floor) is loaded in the same rotation.
 */
export type Scenario = { name: string; a: Target; b: Target; c?: Target; expectedRatio?: Expectation };

export type RoundResult = {
  target: string;
  /** 0 for the warm-up round. */
  round: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  errorSamples: string[];
  /** Cores busy during the round (1 = one core fully used); undefined when unknown. */
  serverCpu?: number;
  loadGeneratorCpu: number;
  /** Cores busy with anything else (other users of this shared machine, the kernel's network work). */
  otherCpu?: number;
};

export type TargetSummary = {
  name: string;
  url: string;
  reqPerSecMedian: number;
  reqPerSecRounds: number[];
  p50MsMedian: number;
  p99MsMedian: number;
  serverCpuMedian?: number;
  /** Requests per second of server CPU: what the server could do on one whole core of its own. */
  reqPerCpuSecondMedian?: number;
  loadGeneratorCpuMedian: number;
  otherCpuMedian?: number;
  /** Set when the load generator, not the server, was the bottleneck: req/s is then only a floor. */
  loadBound: boolean;
  /** Summed over every round, warm-up included: a failure while warming up is still a failure. */
  non2xx: number;
  errors: number;
  timeouts: number;
  errorSamples: string[];
};

export type ScenarioResult = {
  name: string;
  a: TargetSummary;
  b: TargetSummary;
  ratio: number;
  /** a/b of requests per server CPU-second; holds even when the load generator or a neighbour limits req/s. */
  cpuNormalizedRatio?: number;
  expectedRatio?: Expectation;
  c?: TargetSummary;
  /** a/c req/s and per server CPU-second, when the scenario has a second baseline. */
  ratioToC?: number;
  cpuNormalizedRatioToC?: number;
  rounds: RoundResult[];
};

const MAX_ERROR_SAMPLES = 5;
// A load generator this busy while the server is not is the bottleneck itself.
const SATURATED = 0.9;
const NOT_SATURATED = 0.8;

function computeMedian(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One autocannon run against one target. */
export async function runRound(target: Target, round: number, seconds: number, connections: number): Promise<RoundResult> {
  const errorSamples = new Set<string>();
  // No Accept-Encoding is sent, so Next answers uncompressed just like the bare server.
  // Only defined keys: autocannon merges options over its defaults, so `method: undefined` would erase GET.
  const request: Partial<Options> = Object.fromEntries(
    Object.entries({ method: target.method, headers: target.headers, body: target.body }).filter(([, v]) => v !== undefined),
  );
  // One entry with setupRequest: autocannon calls it before every request of every connection.
  if (target.setupRequest) request.requests = [{ setupRequest: target.setupRequest }];
  const machineBefore = readMachineBusySeconds();
  const serverBefore = target.readCpuSeconds?.();
  const selfBefore = process.cpuUsage();
  const startedAt = performance.now();
  const instance = autocannon({
    ...request,
    url: target.url,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
  });
  instance.on("reqError", (error) => {
    if (errorSamples.size < MAX_ERROR_SAMPLES) errorSamples.add(error.message);
  });
  const result: Result = await instance;
  const elapsed = (performance.now() - startedAt) / 1000;
  const serverAfter = target.readCpuSeconds?.();
  const machineAfter = readMachineBusySeconds();
  const self = process.cpuUsage(selfBefore);
  // A server process that died mid-round takes its CPU time with it: unknown rather than negative.
  const serverCpu = serverBefore === undefined || serverAfter === undefined || serverAfter < serverBefore ? undefined : (serverAfter - serverBefore) / elapsed;
  const loadGeneratorCpu = (self.user + self.system) / 1e6 / elapsed;
  const machineCpu = machineBefore === undefined || machineAfter === undefined ? undefined : (machineAfter - machineBefore) / elapsed;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]));
  return {
    target: target.name,
    round,
    reqPerSec: result.duration > 0 ? result.requests.total / result.duration : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    errorSamples: [...errorSamples],
    serverCpu,
    loadGeneratorCpu,
    otherCpu: machineCpu === undefined || serverCpu === undefined ? undefined : Math.max(0, machineCpu - serverCpu - loadGeneratorCpu),
  };
}

function summarizeTarget(target: Target, rounds: RoundResult[]): TargetSummary {
  const mine = rounds.filter((r) => r.target === target.name);
  const measured = mine.filter((r) => r.round > 0);
  const serverCpus = measured.flatMap((r) => (r.serverCpu === undefined ? [] : [r.serverCpu]));
  const serverCpuMedian = serverCpus.length > 0 ? computeMedian(serverCpus) : undefined;
  const perCpu = measured.flatMap((r) => (r.serverCpu ? [r.reqPerSec / r.serverCpu] : []));
  const loadGeneratorCpuMedian = computeMedian(measured.map((r) => r.loadGeneratorCpu));
  const otherCpus = measured.flatMap((r) => (r.otherCpu === undefined ? [] : [r.otherCpu]));
  return {
    name: target.name,
    url: target.url,
    reqPerSecMedian: computeMedian(measured.map((r) => r.reqPerSec)),
    reqPerSecRounds: measured.map((r) => Math.round(r.reqPerSec)),
    p50MsMedian: computeMedian(measured.map((r) => r.p50Ms)),
    p99MsMedian: computeMedian(measured.map((r) => r.p99Ms)),
    serverCpuMedian,
    reqPerCpuSecondMedian: perCpu.length > 0 ? computeMedian(perCpu) : undefined,
    loadGeneratorCpuMedian,
    otherCpuMedian: otherCpus.length > 0 ? computeMedian(otherCpus) : undefined,
    loadBound: loadGeneratorCpuMedian >= SATURATED && serverCpuMedian !== undefined && serverCpuMedian < NOT_SATURATED,
    non2xx: mine.reduce((n, r) => n + r.non2xx, 0),
    errors: mine.reduce((n, r) => n + r.errors, 0),
    timeouts: mine.reduce((n, r) => n + r.timeouts, 0),
    errorSamples: [...new Set(mine.flatMap((r) => r.errorSamples))].slice(0, MAX_ERROR_SAMPLES),
  };
}

/** A core share as a percentage, "?" when unknown. */
export function formatCores(cores: number | undefined): string {
  return cores === undefined ? "?" : `${Math.round(cores * 100)}%`;
}

function describeRound(r: RoundResult): string {
  const label = r.round === 0 ? "warm-up" : `round ${r.round}`;
  const trouble = r.errors + r.non2xx > 0 ? `  !! errors=${r.errors} non2xx=${r.non2xx}` : "";
  const cpu = `cpu: server ${formatCores(r.serverCpu)}, load gen ${formatCores(r.loadGeneratorCpu)}, other ${formatCores(r.otherCpu)}`;
  return `  ${label.padEnd(8)} ${r.target.padEnd(6)} ${Math.round(r.reqPerSec).toString().padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ${cpu}${trouble}`;
}

/** Loads two targets alike and compares them: warm-up each, then alternating measured rounds. */
export async function runScenario(scenario: Scenario, options: LoadOptions): Promise<ScenarioResult> {
  // Alternating (a, b[, c], a, b[, c], …) makes a noisy neighbour or thermal drift hit every side alike.
  console.log(`\n[bench] scenario "${scenario.name}": ${options.rounds} × ${options.duration} s per target, ${options.connections} connections`);
  const rounds: RoundResult[] = [];
  const targets = [scenario.a, scenario.b, ...(scenario.c ? [scenario.c] : [])];
  for (const target of targets) {
    if (options.warmup <= 0) break;
    rounds.push(await runRound(target, 0, options.warmup, options.connections));
    console.log(describeRound(rounds.at(-1)!));
  }
  for (let round = 1; round <= options.rounds; round++) {
    for (const target of targets) {
      rounds.push(await runRound(target, round, options.duration, options.connections));
      console.log(describeRound(rounds.at(-1)!));
    }
  }
  const a = summarizeTarget(scenario.a, rounds);
  const b = summarizeTarget(scenario.b, rounds);
  const c = scenario.c ? summarizeTarget(scenario.c, rounds) : undefined;
  const perCpuRatio = (x: TargetSummary, y: TargetSummary) =>
    x.reqPerCpuSecondMedian && y.reqPerCpuSecondMedian ? x.reqPerCpuSecondMedian / y.reqPerCpuSecondMedian : undefined;
  return {
    name: scenario.name,
    a,
    b,
    ratio: a.reqPerSecMedian / b.reqPerSecMedian,
    cpuNormalizedRatio: perCpuRatio(a, b),
    expectedRatio: scenario.expectedRatio,
    ...(c ? { c, ratioToC: a.reqPerSecMedian / c.reqPerSecMedian, cpuNormalizedRatioToC: perCpuRatio(a, c) } : {}),
    rounds,
  };
}
