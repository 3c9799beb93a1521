// The issue's goals for reading beats, the signed-in page, capacity and the dashboard. They are reported PASS/FAIL
// next to the budgets but are informational: only load errors and the page budgets decide the exit code.
import type { CapacityResult } from "./capacity";
import type { DashboardResult, DashboardTargetSummary } from "./dashboard";
import type { LighthouseResult } from "./lighthouse";
import type { ScenarioResult } from "./load";

export const GOAL_BEATS_VS_ECHO = 0.6;
export const GOAL_SIGNED_IN_VS_PUBLIC = 0.5;
export const GOAL_READERS = 30_000;
/** Beats through the portal ÷ the same merge statement on the raw driver behind bare node:http (issue 19). */
export const GOAL_BEATS_VS_RAW = 0.5;
/** A published section page ÷ the same section prerendered from content/, both signed in (issue 16). */
export const GOAL_PUBLISHED_VS_BUILT_IN = 0.5;
/** The signed-in section page ÷ the same bytes from bare node:http (issue 19). */
export const GOAL_PAGE_VS_BARE = 0.3;
/** The latency a beat must stay under (p95) for a rate to count towards capacity. */
export const BEAT_P95_LIMIT_MS = 200;
/** Dashboard p95 ÷ the trivial signed-in page's p95, same server, same session, same run. */
export const GOAL_DASHBOARD_VS_TRIVIAL_P95 = 1.5;
/** And in absolute terms (the issue: "well under 100 ms"). */
export const GOAL_DASHBOARD_P95_MS = 100;
/** Lighthouse on the signed-in section page as a phone: performance, and the other two at 100. */
export const GOAL_LIGHTHOUSE_MOBILE_PERFORMANCE = 90;

export type Goal = {
  name: string;
  /** The measured value the goal is judged on; undefined when skipped or informational. */
  value?: number;
  actual: string;
  target: string;
  /** undefined: skipped, or a figure with no goal. */
  pass?: boolean;
  note?: string;
};

export type GoalInputs = {
  /** Scenario 1: the section page vs the same bytes from bare node:http. */
  pageVsBare?: ScenarioResult;
  /** Why scenario 1 did not run, or measured the public page. */
  pageVsBareSkipped?: string;
  beats?: ScenarioResult;
  signedVsPublic?: ScenarioResult;
  /** A published section page vs the same section prerendered from content/. */
  publishedVsBuiltIn?: ScenarioResult;
  publishedVsBuiltInSkipped?: string;
  capacity?: CapacityResult;
  /** Why the signed-vs-public comparison did not run, when it did not. */
  signedVsPublicSkipped?: string;
  dashboard?: DashboardResult;
  /** Why the dashboard scenario did not run, when it did not. */
  dashboardSkipped?: string;
  /** Why the capacity search did not run. */
  capacitySkipped?: string;
  /** What the raw-driver baseline is, e.g. "raw better-sqlite3 upsert on node:http". */
  rawLabel?: string;
  lighthouse?: LighthouseResult;
  /** Why Lighthouse did not run, when it did not. */
  lighthouseSkipped?: string;
};

const count = (n: number) => Math.round(n).toLocaleString("en-US");

// Judged per server CPU-second when known: on this shared machine a neighbour on the servers' core
// lowers the req/s of whichever round it happens to hit, but not what each request costs.
function judgeRatio(name: string, scenario: ScenarioResult | undefined, min: number, skipped?: string): Goal {
  const target = `≥ ${min.toFixed(2)}`;
  if (!scenario) return { name, actual: "skipped", target, note: skipped };
  const perCpu = scenario.cpuNormalizedRatio;
  const value = perCpu ?? scenario.ratio;
  const actual = perCpu === undefined ? `${scenario.ratio.toFixed(2)} req/s` : `${perCpu.toFixed(2)} per CPU-s (req/s ${scenario.ratio.toFixed(2)})`;
  return { name, value, actual, target, pass: value >= min };
}

/** A goal on a scenario's second baseline (c): a ÷ c, per server CPU-second when known. */
function judgeRatioToC(name: string, scenario: ScenarioResult | undefined, min: number): Goal {
  const target = `≥ ${min.toFixed(2)}`;
  if (!scenario?.c || scenario.ratioToC === undefined) return { name, actual: "skipped", target, note: "not measured" };
  const perCpu = scenario.cpuNormalizedRatioToC;
  const value = perCpu ?? scenario.ratioToC;
  const actual = perCpu === undefined ? `${scenario.ratioToC.toFixed(2)} req/s` : `${perCpu.toFixed(2)} per CPU-s (req/s ${scenario.ratioToC.toFixed(2)})`;
  return { name, value, actual, target, pass: value >= min };
}

/** Every goal of the issue, plus the framework's floor as a figure. */
export function evaluateGoals(inputs: GoalInputs): Goal[] {
  const { beats, signedVsPublic, capacity } = inputs;
  const rawLabel = inputs.rawLabel ?? "raw better-sqlite3 upsert on node:http";
  const beatsVsRaw = judgeRatioToC(`beats/s: POST /api/progress ÷ ${rawLabel}`, beats, GOAL_BEATS_VS_RAW);
  if (beats?.c) beatsVsRaw.note = `${count(beats.a.reqPerSecMedian)} beats/s vs raw ${count(beats.c.reqPerSecMedian)} beats/s`;
  const pageVsBare = judgeRatio("section page req/s: signed in ÷ same bytes on bare node:http", inputs.pageVsBare, GOAL_PAGE_VS_BARE, inputs.pageVsBareSkipped);
  if (inputs.pageVsBare) pageVsBare.note = `${count(inputs.pageVsBare.a.reqPerSecMedian)} vs ${count(inputs.pageVsBare.b.reqPerSecMedian)} req/s`;
  const beatsGoal = judgeRatio("beats/s: POST /api/progress ÷ Next echo route", beats, GOAL_BEATS_VS_ECHO, "not measured");
  if (beats) beatsGoal.note = `${count(beats.a.reqPerSecMedian)} beats/s vs echo ${count(beats.b.reqPerSecMedian)} req/s`;
  const goals = [
    beatsVsRaw,
    pageVsBare,
    beatsGoal,
    judgeRatio("section page req/s: signed in ÷ prerendered public", signedVsPublic, GOAL_SIGNED_IN_VS_PUBLIC, inputs.signedVsPublicSkipped),
    judgeRatio("section page req/s, signed in: published ÷ prerendered from content/", inputs.publishedVsBuiltIn, GOAL_PUBLISHED_VS_BUILT_IN, inputs.publishedVsBuiltInSkipped),
  ];
  const readersTarget = `≥ ${count(GOAL_READERS)}, converged`;
  if (!capacity) {
    goals.push({ name: `capacity: readers at one beat per 30 s, p95 < ${BEAT_P95_LIMIT_MS} ms`, actual: "skipped", target: readersTarget, note: inputs.capacitySkipped ?? "--capacity 0" });
  } else {
    const how = capacity.failedAt === undefined ? " (no step failed: a floor)" : capacity.converged ? ", converged (within 5 %, confirmed twice)" : ` (NOT converged: ${count(capacity.failedAt)} failed, confirmed ${capacity.confirmations}×)`;
    goals.push({
      name: `capacity: readers at one beat per ${capacity.beatIntervalSeconds} s, p95 < ${capacity.p95LimitMs} ms`,
      value: capacity.readers,
      actual: count(capacity.readers),
      target: readersTarget,
      pass: capacity.readers >= GOAL_READERS && capacity.converged,
      note: `at ${count(capacity.rate)} beats/s${how}`,
    });
  }
  goals.push(...dashboardGoals(inputs.dashboard, inputs.dashboardSkipped));
  goals.push(...lighthouseGoals(inputs.lighthouse, inputs.lighthouseSkipped));
  return goals;
}

/**
 * The dashboard's goals: p95 of the root's and a typical county's dashboard ÷ p95 of the trivial
 * signed-in page (latency, not per CPU-second: the goal is about what an administrator waits), and
 * each dashboard's p95 in milliseconds.
 */
function dashboardGoals(dashboard: DashboardResult | undefined, skipped = "not measured"): Goal[] {
  const units = [
    { key: "root", label: "root" },
    { key: "mid", label: "mid-level" },
  ] as const;
  const ratioTarget = `≤ ${GOAL_DASHBOARD_VS_TRIVIAL_P95.toFixed(2)}`;
  const msTarget = `< ${GOAL_DASHBOARD_P95_MS} ms`;
  if (!dashboard) {
    return [
      ...units.map(({ label }) => ({ name: `dashboard p95 (${label}) ÷ trivial signed-in page p95`, actual: "skipped", target: ratioTarget, note: skipped })),
      ...units.map(({ label }) => ({ name: `dashboard p95 (${label})`, actual: "skipped", target: msTarget, note: skipped })),
    ];
  }
  const readers = count(dashboard.users);
  const trivial = dashboard.trivial;
  const describe = (t: DashboardTargetSummary) => `${t.unit ? `${t.unit.name}, ${count(t.unit.headcount)} readers` : t.path}`;
  const ratioGoals = units.map(({ key, label }): Goal => {
    const target = dashboard[key];
    const value = target.p95Ms / trivial.p95Ms;
    return {
      name: `dashboard p95 (${label}, ${readers} readers) ÷ trivial signed-in page p95`,
      value,
      actual: `${value.toFixed(2)} (${target.p95Ms} vs ${trivial.p95Ms} ms)`,
      target: ratioTarget,
      pass: value <= GOAL_DASHBOARD_VS_TRIVIAL_P95,
      note: `${describe(target)}; ${dashboard.connections} connections`,
    };
  });
  const msGoals = units.map(({ key, label }): Goal => {
    const target = dashboard[key];
    return {
      name: `dashboard p95 (${label}, ${readers} readers)`,
      value: target.p95Ms,
      actual: `${target.p95Ms} ms`,
      target: msTarget,
      pass: target.p95Ms < GOAL_DASHBOARD_P95_MS,
      note: `p50 ${target.p50Ms} ms; ${dashboard.connections} connections`,
    };
  });
  return [...ratioGoals, ...msGoals];
}

/** Mobile performance ≥ 90 and accessibility and best practices at 100 on the signed-in section page. */
function lighthouseGoals(result: LighthouseResult | undefined, skipped = "not measured"): Goal[] {
  const mobile = result?.profiles.find((profile) => profile.profile === "mobile");
  const targets = [
    { name: "Lighthouse mobile performance (signed-in section page)", key: "performance", min: GOAL_LIGHTHOUSE_MOBILE_PERFORMANCE },
    { name: "Lighthouse mobile accessibility", key: "accessibility", min: 100 },
    { name: "Lighthouse mobile best practices", key: "best-practices", min: 100 },
  ] as const;
  return targets.map(({ name, key, min }): Goal => {
    const target = min === 100 ? "= 100" : `≥ ${min}`;
    if (!mobile) return { name, actual: "skipped", target, note: skipped };
    const value = mobile.median.scores[key];
    const note =
      key === "performance"
        ? `median of ${mobile.runs} (${mobile.performanceScores.join(", ")}); LCP ${(mobile.median.lcpMs / 1000).toFixed(2)} s, TBT ${Math.round(mobile.median.tbtMs)} ms`
        : undefined;
    return { name, value, actual: String(value), target, pass: value >= min, note };
  });
}

/** The goals side by side, one line each. */
export function printGoals(goals: Goal[]): void {
  console.log("\ngoals  (informational: a FAIL here does not change the exit code; only load errors and the page budgets do)");
  const width = Math.max(...goals.map((goal) => goal.name.length));
  const actualWidth = Math.max(...goals.map((goal) => goal.actual.length));
  for (const goal of goals) {
    const verdict = goal.pass === undefined ? (goal.actual === "skipped" ? "SKIP" : "INFO") : goal.pass ? "PASS" : "FAIL";
    console.log(`  ${verdict}  ${goal.name.padEnd(width)}  ${goal.actual.padStart(actualWidth)}   goal ${goal.target}${goal.note ? `   ${goal.note}` : ""}`);
  }
  console.log("  (ratios are judged per server CPU-second, i.e. as if each server had its core to itself, because a neighbour on this");
  console.log("   shared machine lowers the req/s of whichever round it hits; the plain req/s ratio is shown in brackets)");
  console.log("  (the dashboard goals are latency instead: exact p95 over every request of the measured rounds, same server and session)");
}
