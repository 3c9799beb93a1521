/**
 * Lighthouse (the npm package, driving the machine's Chromium) on the signed-in section page, as a
 * phone (Lighthouse's default mobile profile: Moto G Power screen, simulated 4× CPU slowdown and slow
 * 4G) and as a desktop. Each profile runs `runs` times and reports the run with the median performance
 * score, as Lighthouse's own docs advise for a noisy machine; the scripts that cost the main thread
 * the most in that run are kept, so a regression in blocking time names its cause.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
type Category = (typeof LIGHTHOUSE_CATEGORIES)[number];

export type LighthouseScripts = Array<{ url: string; totalMs: number; scriptingMs: number; parseMs: number }>;

export type LighthouseRun = {
  scores: Record<Category, number>;
  lcpMs: number;
  tbtMs: number;
  fcpMs: number;
  cls: number;
  /** Failed audits of the accessibility and best-practices categories (id: title), for a score < 100. */
  failedAudits: string[];
  /** bootup-time: main-thread time per script, largest first. */
  scripts: LighthouseScripts;
};

export type LighthouseProfileResult = { profile: "mobile" | "desktop"; runs: number; median: LighthouseRun; performanceScores: number[] };

export type LighthouseResult = { url: string; chromium: string; priority: string; version: string; profiles: LighthouseProfileResult[] };

export type LighthouseOptions = { origin: string; path: string; cookie: string; runs: number };

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

function findChromium(): string {
  const found = CHROMIUM_CANDIDATES.find((candidate) => candidate && fs.existsSync(candidate));
  if (!found) throw new Error("Lighthouse needs Chromium: set CHROMIUM_PATH or `apt-get install -y chromium`");
  return found;
}

/**
 * On this shared machine a neighbour's build takes CPU from the browser mid-trace, and simulated
 * throttling multiplies that lost time by 4: a busy machine reads as a slow page (measured: mobile TBT
 * 3.7 s at load average 25, 0.2 s with the browser at real-time priority in the same minute). So the
 * browser runs at SCHED_FIFO priority where the machine allows it (root or CAP_SYS_NICE), through a
 * wrapper script, which is closer to the phone Lighthouse models (a slow CPU with nothing else on it).
 */
function withRealtimePriority(chromium: string): { path: string; priority: string } {
  const check = spawnSync("chrt", ["-f", "10", "true"], { stdio: "ignore" });
  if (check.status !== 0) return { path: chromium, priority: "normal (chrt -f unavailable)" };
  const wrapper = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-lighthouse-")), "chromium");
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec chrt -f 10 ${JSON.stringify(chromium)} "$@"\n`, { mode: 0o755 });
  return { path: wrapper, priority: "real-time (chrt -f 10)" };
}

type Audit = { score: number | null; numericValue?: number; title: string; details?: { items?: Array<Record<string, unknown>> } };
type Lhr = {
  lighthouseVersion: string;
  categories: Record<Category, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<string, Audit>;
  runtimeError?: { message: string };
};

function summarise(lhr: Lhr): LighthouseRun {
  const audit = (id: string) => lhr.audits[id];
  const numeric = (id: string) => Math.round((audit(id)?.numericValue ?? Number.NaN) * 1000) / 1000;
  const scores = Object.fromEntries(LIGHTHOUSE_CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])) as Record<Category, number>;
  const failedAudits = (["accessibility", "best-practices"] as const).flatMap((id) =>
    lhr.categories[id].auditRefs
      .filter((ref) => ref.weight > 0 && audit(ref.id)?.score !== null && (audit(ref.id)?.score ?? 1) < 1)
      .map((ref) => `${ref.id}: ${audit(ref.id)?.title ?? "?"}`),
  );
  const scripts = (audit("bootup-time")?.details?.items ?? [])
    .map((item) => ({
      url: String(item.url ?? ""),
      totalMs: Math.round(Number(item.total ?? 0)),
      scriptingMs: Math.round(Number(item.scripting ?? 0)),
      parseMs: Math.round(Number(item.scriptParseCompile ?? 0)),
    }))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, 8);
  return {
    scores,
    lcpMs: numeric("largest-contentful-paint"),
    tbtMs: numeric("total-blocking-time"),
    fcpMs: numeric("first-contentful-paint"),
    cls: numeric("cumulative-layout-shift"),
    failedAudits,
    scripts,
  };
}

/** Runs Lighthouse on one page as phone and desktop, `runs` times each, in one Chromium. */
export async function runLighthouse(options: LighthouseOptions): Promise<LighthouseResult> {
  const [{ default: lighthouse }, chromeLauncher, { default: desktopConfig }] = await Promise.all([
    import("lighthouse"),
    import("chrome-launcher"),
    import("lighthouse/core/config/desktop-config.js"),
  ]);
  const chromium = findChromium();
  const launch = withRealtimePriority(chromium);
  const url = `${options.origin}${options.path}`;
  const chrome = await chromeLauncher.launch({
    chromePath: launch.path,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  let version = "";
  try {
    const profiles: LighthouseProfileResult[] = [];
    const audit = async (profile: "mobile" | "desktop"): Promise<LighthouseRun> => {
      const result = await lighthouse(
        url,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...LIGHTHOUSE_CATEGORIES], extraHeaders: { Cookie: options.cookie } },
        profile === "desktop" ? desktopConfig : undefined,
      );
      const lhr = result?.lhr as unknown as Lhr | undefined;
      if (!lhr) throw new Error(`Lighthouse returned no result for ${url}`);
      if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
      version = lhr.lighthouseVersion;
      return summarise(lhr);
    };
    // Not counted: the first load of a fresh browser and server pays one-off costs no reader sees twice.
    await audit("mobile");
    for (const profile of ["mobile", "desktop"] as const) {
      const runs: LighthouseRun[] = [];
      for (let i = 0; i < options.runs; i += 1) runs.push(await audit(profile));
      const sorted = [...runs].sort((a, b) => a.scores.performance - b.scores.performance);
      const median = sorted[Math.floor((sorted.length - 1) / 2)];
      if (!median) throw new Error("Lighthouse: no run to report");
      profiles.push({ profile, runs: runs.length, median, performanceScores: runs.map((run) => run.scores.performance) });
    }
    return { url, chromium, priority: launch.priority, version, profiles };
  } finally {
    await chrome.kill();
  }
}

/** The bench's report lines for a Lighthouse result. */
export function printLighthouse(result: LighthouseResult): void {
  console.log(`\n--- Lighthouse ${result.version} on ${result.url} (signed in; ${result.chromium}, ${result.priority}; after one uncounted run) ---`);
  for (const { profile, runs, median, performanceScores } of result.profiles) {
    const { scores } = median;
    console.log(
      `  ${profile.padEnd(7)} performance ${scores.performance} (runs: ${performanceScores.join(", ")}; median of ${runs} shown), ` +
        `accessibility ${scores.accessibility}, best practices ${scores["best-practices"]}; ` +
        `LCP ${(median.lcpMs / 1000).toFixed(2)} s, TBT ${Math.round(median.tbtMs)} ms, FCP ${(median.fcpMs / 1000).toFixed(2)} s, CLS ${median.cls}`,
    );
    for (const failed of median.failedAudits) console.log(`          failed: ${failed}`);
    for (const script of median.scripts.slice(0, 5)) {
      console.log(`          main thread ${String(script.totalMs).padStart(5)} ms (script ${script.scriptingMs}, parse ${script.parseMs})  ${script.url.replace(/^https?:\/\/[^/]+/, "")}`);
    }
  }
}
