// How many readers one server carries: the highest fixed request rate at which POST /api/progress
// keeps its p95 latency under a limit with no errors, found by bisection in short steps.
//
// Why not autocannon's overallRate: autocannon rate-limits each connection by letting it send its
// per-second quota back to back and then pausing until the next second. Every connection restarts at
// the same instant, so the load arrives as one burst per second; and a connection waits for its
// answer before sending again (closed loop), so a slow server is simply sent less. The measured
// latency then depends on the connection count rather than on the rate, and overload shows up as a
// missing request rather than a slow one. Readers do not wait for each other: each tab sends its beat
// on its own timer. So this generator is open loop: requests leave at random (Poisson) times at the
// given mean rate whether or not earlier ones have been answered, and each latency is counted from
// the moment the request was due, so time spent queued behind a slow server counts too.
import http from "node:http";
import type { BeatRequest } from "./beats";
import { readMachineBusySeconds } from "./processes";

export type CapacityOptions = {
  /** Where to send the beats; with several (instances of the app), requests take turns among them. */
  urls: string[];
  /** The next request to send (a new beat of the next reader), for the server at `origin`. */
  nextRequest: (origin: string) => BeatRequest;
  /** Runs before every step, e.g. to put the readers' sessions back into a steady state. */
  beforeStep?: () => void | Promise<void>;
  /** Closed-loop req/s of the same endpoint (the beats scenario): where the search starts looking. */
  ceiling: number;
  stepSeconds: number;
  /** Wall-clock bound for the whole search, pauses included. */
  budgetSeconds: number;
  p95LimitMs: number;
  /** One reader sends a beat this often, so capacity = rate × interval. */
  beatIntervalSeconds: number;
  readCpuSeconds?: () => number | undefined;
  /** What is sent, in words, for the report. */
  workload: string;
};

export type StepKind = "search" | "retry" | "confirm";

export type CapacityStep = {
  rate: number;
  seconds: number;
  planned: number;
  sent: number;
  completed: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  errorSamples: string[];
  p50Ms: number;
  p95Ms: number;
  /** p95 of the requests due in the last third of the step: a queue that keeps growing shows here first. */
  p95LastThirdMs: number;
  p99Ms: number;
  maxMs: number;
  /** p95 of how late this process sent requests after they were due (its own lag, counted against the server). */
  sendLagP95Ms: number;
  serverCpu?: number;
  loadGeneratorCpu: number;
  /** Cores busy with anything else: other users of this shared machine. */
  otherCpu?: number;
  /** Other work or a late load generator may have caused a failure: such a step is run once more. */
  noisy: boolean;
  /**
   * search: a new rate; retry: the same rate again after a noisy failure; confirm: the final rate
   * once more, so the answer never rests on one lucky step.
   */
  kind: StepKind;
  /** Stopped early because the step could no longer pass. */
  aborted: boolean;
  pass: boolean;
  why: string;
};

export type CapacityResult = {
  /** Highest rate that passed, req/s; 0 when none did. */
  rate: number;
  /** Readers carried: rate × beat interval. */
  readers: number;
  p95LimitMs: number;
  beatIntervalSeconds: number;
  stepSeconds: number;
  seconds: number;
  /** The lowest rate that failed; undefined when every step passed (the budget ran out first). */
  failedAt?: number;
  /** The rate passed CONFIRMATIONS more times (confirm steps); false when the budget ran out first. */
  confirmed: boolean;
  /** Confirm steps the answer passed. */
  confirmations: number;
  /**
   * The search converged: a rate failed, the answer is within RESOLUTION of it, and the answer was
   * confirmed CONFIRMATIONS times. Otherwise the answer only brackets the capacity (or is a floor).
   */
  converged: boolean;
  steps: CapacityStep[];
  method: string;
  workload: string;
};

export const CAPACITY_METHOD =
  "open-loop Poisson arrivals at a fixed mean rate over keep-alive connections (no limit on concurrency); " +
  "latency counted from when each request was due; a step passes when every request got a 2xx, p95 and the " +
  "last third's p95 are under the limit; rates go up (guided by the server's CPU share) until a step fails, then bisect; " +
  "the answer must pass twice more (confirm) with the lowest failing rate within 5% above it, a noisy failure is run once more (retry)";

// Fraction of the lowest failing rate within which the answer must lie: about the run-to-run noise.
const RESOLUTION = 0.05;
/** Times the answer must pass again (confirm steps) before the search ends. */
const CONFIRMATIONS = 2;
const FIRST_PROBE = 0.7;
// Share of the CPU-projected saturation rate to try next while every step passes.
const PROJECTED_SHARE = 0.95;
const REQUEST_TIMEOUT_MS = 10_000;
const SETTLE_MS = 500;
// A step is given up once this share of its requests is already known to be slow: p95 cannot pass.
const ABORT_SLOW_SHARE = 0.05;
const MAX_ERROR_SAMPLES = 5;
// A step that fails while others use this much of a core, or while this process sent its requests
// this late, may have failed for the neighbours rather than for the server.
const NOISY_OTHER_CPU = 0.5;
const NOISY_SEND_LAG_MS = 20;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Small deterministic PRNG (mulberry32), so runs are repeatable: the same step sends the same arrival pattern. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Due times (ms from the step's start) of a Poisson process with `rate` per second over `seconds`. */
function planArrivals(rate: number, seconds: number, seed: number): number[] {
  const random = createRandom(seed);
  const times: number[] = [];
  for (let t = 0; ; ) {
    t += (-Math.log(1 - random()) / rate) * 1000;
    if (t >= seconds * 1000) return times;
    times.push(t);
  }
}

type Sample = { dueAt: number; latencyMs: number };

/** Runs one open-loop step at `rate` req/s. */
async function runStep(options: CapacityOptions, rate: number, seconds: number, kind: StepKind, seed: number): Promise<CapacityStep> {
  const targets = options.urls.map((url) => new URL(url));
  // A fresh agent per step: sockets left busy by an overloaded step must not carry over.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const arrivals = planArrivals(rate, seconds, seed);
  const samples: Sample[] = [];
  const lags: number[] = [];
  const statusCodes: Record<string, number> = {};
  const errorSamples = new Set<string>();
  let non2xx = 0;
  let errors = 0;
  let slow = 0;
  // Indexes (into arrivals) of the requests sent and not answered yet.
  const inFlight = new Set<number>();
  const slowBudget = Math.max(1, Math.floor(arrivals.length * ABORT_SLOW_SHARE));
  const cpuBefore = options.readCpuSeconds?.();
  const machineBefore = readMachineBusySeconds();
  const selfBefore = process.cpuUsage();
  const start = performance.now();

  const finish = (index: number, status: number | undefined, error?: Error) => {
    inFlight.delete(index);
    const dueAt = arrivals[index]!;
    const latencyMs = performance.now() - start - dueAt;
    if (error) {
      errors += 1;
      if (errorSamples.size < MAX_ERROR_SAMPLES) errorSamples.add(error.message);
      return;
    }
    statusCodes[String(status)] = (statusCodes[String(status)] ?? 0) + 1;
    if (status === undefined || status < 200 || status >= 300) {
      non2xx += 1;
      return;
    }
    if (latencyMs >= options.p95LimitMs) slow += 1;
    samples.push({ dueAt, latencyMs });
  };

  const send = (index: number) => {
    const target = targets[index % targets.length]!;
    const { headers, body } = options.nextRequest(target.origin);
    inFlight.add(index);
    lags.push(performance.now() - start - arrivals[index]!);
    let done = false;
    const once = (status: number | undefined, error?: Error) => {
      if (done) return;
      done = true;
      finish(index, status, error);
    };
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (response) => {
        response.resume();
        response.on("end", () => once(response.statusCode));
        response.on("error", (error) => once(undefined, error));
      },
    );
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error("request timed out")));
    request.on("error", (error) => once(undefined, error));
    request.end(body);
  };

  let sent = 0;
  let aborted = false;
  // Gives up a step that can no longer pass: any error, or too many requests already slower than the
  // limit (answered slow, or still unanswered that long after they were due). Checked a few times a
  // second rather than per request, because the in-flight set is large exactly when it matters.
  const watchdog = setInterval(() => {
    const now = performance.now() - start;
    let overdue = 0;
    for (const index of inFlight) if (now - arrivals[index]! >= options.p95LimitMs) overdue += 1;
    if (errors + non2xx > 0 || slow + overdue > slowBudget) aborted = true;
  }, 100);
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now() - start;
      while (!aborted && sent < arrivals.length && arrivals[sent]! <= now) send(sent++);
      if (aborted || sent >= arrivals.length) return resolve();
      setTimeout(pump, Math.max(0, arrivals[sent]! - now));
    };
    pump();
  });
  clearInterval(watchdog);
  aborted = aborted && sent < arrivals.length;

  // Let the answers of what was sent come in (bounded by the request timeout), so the next step
  // starts on an idle server.
  const drainDeadline = performance.now() + REQUEST_TIMEOUT_MS + 1000;
  while (inFlight.size > 0 && performance.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const elapsed = (performance.now() - start) / 1000;
  const cpuAfter = options.readCpuSeconds?.();
  const machineAfter = readMachineBusySeconds();
  const self = process.cpuUsage(selfBefore);
  agent.destroy();
  const serverCpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / elapsed;
  const loadGeneratorCpu = (self.user + self.system) / 1e6 / elapsed;
  const machineCpu = machineBefore === undefined || machineAfter === undefined ? undefined : (machineAfter - machineBefore) / elapsed;
  const otherCpu = machineCpu === undefined || serverCpu === undefined ? undefined : Math.max(0, machineCpu - serverCpu - loadGeneratorCpu);

  const latencies = samples.map((s) => s.latencyMs).sort((x, y) => x - y);
  const lastThird = samples.filter((s) => s.dueAt >= (seconds * 1000 * 2) / 3).map((s) => s.latencyMs).sort((x, y) => x - y);
  const sortedLags = [...lags].sort((x, y) => x - y);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const p95Ms = percentile(latencies, 95);
  const sendLagP95Ms = percentile(sortedLags, 95);
  const p95LastThirdMs = percentile(lastThird, 95);
  const completed = samples.length;
  let why = "";
  if (aborted) why = errors + non2xx > 0 ? "errors: stopped early" : `more than ${ABORT_SLOW_SHARE * 100}% slower than ${options.p95LimitMs} ms: stopped early`;
  else if (errors + non2xx > 0) why = `${errors} errors, ${non2xx} non-2xx`;
  else if (completed < arrivals.length) why = `${arrivals.length - completed} of ${arrivals.length} unanswered`;
  else if (!(p95Ms < options.p95LimitMs)) why = `p95 ${round(p95Ms)} ms ≥ ${options.p95LimitMs} ms`;
  else if (!(p95LastThirdMs < options.p95LimitMs)) why = `p95 of the last third ${round(p95LastThirdMs)} ms ≥ ${options.p95LimitMs} ms (a queue building up, or a stall)`;
  return {
    rate,
    seconds,
    planned: arrivals.length,
    sent,
    completed,
    non2xx,
    errors,
    statusCodes,
    errorSamples: [...errorSamples],
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(p95Ms),
    p95LastThirdMs: round(p95LastThirdMs),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    sendLagP95Ms: round(sendLagP95Ms),
    serverCpu,
    loadGeneratorCpu,
    otherCpu,
    noisy: (otherCpu ?? 0) >= NOISY_OTHER_CPU || sendLagP95Ms >= NOISY_SEND_LAG_MS,
    kind,
    aborted,
    pass: why === "",
    why: why || "ok",
  };
}

function describeStep(step: CapacityStep): string {
  const cores = (value: number | undefined) => (value === undefined ? "?" : `${Math.round(value * 100)}%`);
  const verdict = step.pass ? "pass" : `FAIL (${step.why})${step.noisy ? ", noisy" : ""}`;
  const cpu = `cpu: server ${cores(step.serverCpu)}, load gen ${cores(step.loadGeneratorCpu)}, other ${cores(step.otherCpu)}`;
  return `  ${(step.kind === "search" ? "" : step.kind).padEnd(8)}${String(step.rate).padStart(5)} req/s  ${String(step.completed).padStart(5)}/${String(step.planned).padEnd(5)} p50 ${step.p50Ms} ms  p95 ${step.p95Ms} ms  send lag p95 ${step.sendLagP95Ms} ms  ${cpu}  ${verdict}`;
}

/**
 * The rate to try after a passing step while no step has failed yet. The closed-loop ceiling it
 * started from may be low (a neighbour took CPU during that scenario), so it aims just under the rate
 * at which this step's server CPU share says the core would be full, growing by 10–100%.
 */
function nextRateUp(step: CapacityStep): number {
  const projected = step.serverCpu && step.serverCpu > 0 ? step.rate / step.serverCpu : step.rate * 1.5;
  return Math.round(Math.min(step.rate * 2, Math.max(step.rate * 1.1, projected * PROJECTED_SHARE)));
}

/**
 * Searches for the highest passing rate within the time budget: up until a step fails, then
 * bisection; the answer is then run once more, and if it fails there the search goes on below it.
 */
export async function findCapacity(options: CapacityOptions): Promise<CapacityResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  // Estimated cost of one step: its load, the drain and the pause.
  const stepCost = options.stepSeconds + 1 + SETTLE_MS / 1000;
  const steps: CapacityStep[] = [];
  // The first step always runs, however small the budget: no step would mean no answer at all.
  const haveTime = () => steps.length === 0 || elapsed() + stepCost <= options.budgetSeconds;
  const run = async (rate: number, kind: StepKind) => {
    await options.beforeStep?.();
    // Seeded by rate and position: a retry or confirmation of a rate gets arrivals of its own.
    const step = await runStep(options, rate, options.stepSeconds, kind, rate * 1000 + steps.length);
    steps.push(step);
    console.log(describeStep(step));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return step;
  };

  const passed: number[] = [];
  let low = 0;
  // The lowest rate that failed; none yet.
  let high: number | undefined;
  let confirmed = false;
  let confirmations = 0;
  let rate = Math.max(1, Math.round(options.ceiling * FIRST_PROBE));
  let kind: StepKind = "search";
  console.log(
    `\n[bench] capacity: p95 < ${options.p95LimitMs} ms, ${options.stepSeconds} s steps, ≤ ${options.budgetSeconds} s in all; ` +
      `first step at ${rate} req/s (${FIRST_PROBE} × the beats scenario's ${Math.round(options.ceiling)} req/s)`,
  );
  while (haveTime()) {
    let step = await run(rate, kind);
    // A failure while the machine was busy with other work proves little: that rate gets one more try.
    if (!step.pass && step.noisy && haveTime()) step = await run(rate, "retry");
    if (step.pass) {
      passed.push(rate);
      low = Math.max(low, rate);
      if (kind === "confirm") {
        confirmations += 1;
        if (confirmations >= CONFIRMATIONS) {
          confirmed = true;
          break;
        }
      }
    } else {
      high = rate;
      confirmations = 0;
      // A confirmation that fails sends the search below it, down to the best rate that passed there.
      if (kind === "confirm") low = Math.max(0, ...passed.filter((r) => r < rate));
    }
    if (high === undefined) {
      kind = "search";
      rate = nextRateUp(step);
    } else if (high - low <= Math.max(1, RESOLUTION * high) || Math.round((low + high) / 2) === low) {
      if (low === 0) break;
      kind = "confirm";
      rate = low;
    } else {
      kind = "search";
      rate = Math.round((low + high) / 2);
    }
  }
  return {
    rate: low,
    readers: low * options.beatIntervalSeconds,
    p95LimitMs: options.p95LimitMs,
    beatIntervalSeconds: options.beatIntervalSeconds,
    stepSeconds: options.stepSeconds,
    seconds: Math.round(elapsed()),
    failedAt: high,
    confirmed,
    confirmations,
    converged: confirmed && high !== undefined && high - low <= Math.max(1, RESOLUTION * high),
    steps,
    method: CAPACITY_METHOD,
    workload: options.workload,
  };
}
