// Capacity with a second instance (PostgreSQL only): the capacity search of bench/capacity.ts run on
// one `next start`, then on two `next start` of the same build and database with the beats taking
// turns between them, as a load balancer would send them. Both searches run under the same
// conditions, which differ from the main capacity search in one way: the servers are NOT pinned to
// one core (two instances pinned to the same core could only share it). On a 2-core machine the two
// instances, PostgreSQL and the load generator (still on its own core) all compete for the same two
// cores, so the growth measured here is a floor for what a second machine would add.
import { PROGRESS_RULES } from "../../lib/progress/config";
import { BeatStream, type BenchReader, type BenchSection } from "./beats";
import { findCapacity, type CapacityResult } from "./capacity";
import { BEAT_P95_LIMIT_MS, type Goal } from "./goals";
import { POSTGRES_READY_PATH, PostgresSessionPool, readPostgresCpuSeconds } from "./postgres";
import type { Pinning } from "./processes";
import { printCapacity } from "./report";
import { startNextServer, type Server } from "./servers";

// Mirrors capacity.ts: the first step of a search is this share of its ceiling.
const FIRST_PROBE = 0.7;

export type ScaleOutInput = {
  distDir: string;
  databaseUrl: string;
  logDir: string;
  pinning: Pinning;
  env: Record<string, string>;
  readers: BenchReader[];
  sections: BenchSection[];
  progressPath: string;
  /** Closed-loop beats/s of one instance (the beats scenario): where the first search starts. */
  ceiling: number;
  budgetSeconds: number;
  stepSeconds: number;
};

export type ScaleOutResult = {
  one: CapacityResult;
  two: CapacityResult;
  /** Readers carried by two instances ÷ by one. */
  growth: number;
  pinning: string;
};

/** CPU of the servers' own processes plus PostgreSQL's, counted once. */
function readCpu(servers: Server[]): () => number | undefined {
  return () => {
    let total = readPostgresCpuSeconds();
    for (const server of servers) {
      const own = server.readCpuSeconds();
      total = total === undefined || own === undefined ? undefined : total + own;
    }
    return total;
  };
}

/** Runs the 1-instance and the 2-instance capacity searches; stops both servers before returning. */
export async function measureScaleOut(input: ScaleOutInput): Promise<ScaleOutResult> {
  const unpinned: Pinning = { ...input.pinning, enabled: false, note: "servers not pinned" };
  const start = (name: string) =>
    startNextServer({ distDir: input.distDir, databaseUrl: input.databaseUrl, logDir: input.logDir, pinning: unpinned, env: input.env, name, readyPath: POSTGRES_READY_PATH });
  const servers: Server[] = [];
  const pool = await PostgresSessionPool.create(input.databaseUrl, input.readers, Math.max(4_000, Math.ceil(4 * input.ceiling * input.stepSeconds)));
  try {
    servers.push(await start("scale-1"));
    const stream = new BeatStream(pool.readers, input.sections, PROGRESS_RULES.beatIntervalSeconds);
    const search = (label: string, ceiling: number) =>
      findCapacity({
        urls: servers.map((server) => `${server.origin}${input.progressPath}`),
        nextRequest: (origin) => stream.next(origin),
        beforeStep: () => pool.steady(),
        ceiling,
        stepSeconds: input.stepSeconds,
        budgetSeconds: input.budgetSeconds,
        p95LimitMs: BEAT_P95_LIMIT_MS,
        beatIntervalSeconds: PROGRESS_RULES.beatIntervalSeconds,
        readCpuSeconds: readCpu([...servers]),
        workload: `${label}; beats as in the capacity search, from ${pool.readers.length.toLocaleString("en-US")} sessions, taking turns between the instances`,
      });
    console.log(`\n[bench] scale-out: 1 instance (${servers[0]!.origin}), servers not pinned`);
    const one = await search("1 instance, not pinned", input.ceiling);
    servers.push(await start("scale-2"));
    console.log(`\n[bench] scale-out: 2 instances (${servers.map((s) => s.origin).join(", ")}), servers not pinned`);
    // The second search starts where the first one ended.
    const two = await search("2 instances, not pinned", Math.max(1, one.rate) / FIRST_PROBE);
    return { one, two, growth: one.readers > 0 ? two.readers / one.readers : Number.NaN, pinning: `servers not pinned; load generator ${input.pinning.enabled ? `on core ${input.pinning.loadCore}` : "not pinned"}` };
  } finally {
    for (const server of servers) await server.stop();
    await pool.close();
  }
}

/** Both searches, then the growth. */
export function printScaleOut(result: ScaleOutResult): void {
  printCapacity(result.one, "capacity, 1 instance on PostgreSQL (servers not pinned)");
  printCapacity(result.two, "capacity, 2 instances on PostgreSQL, beats taking turns (servers not pinned)");
  console.log(
    `  scale-out: ${Math.round(result.one.readers).toLocaleString("en-US")} → ${Math.round(result.two.readers).toLocaleString("en-US")} readers, ` +
      `× ${result.growth.toFixed(2)} with the second instance (${result.pinning}; on this 2-core machine both instances, PostgreSQL and the load generator share two cores)`,
  );
}

/** The growth as an informational goal line (the issue sets no target for it). */
export function scaleOutGoal(result: ScaleOutResult | undefined, skipped: string): Goal {
  const name = "capacity: 2 instances ÷ 1 instance (PostgreSQL, servers not pinned)";
  if (!result) return { name, actual: "skipped", target: "—", note: skipped };
  return {
    name,
    actual: `${result.growth.toFixed(2)}`,
    target: "—",
    note: `${Math.round(result.one.readers).toLocaleString("en-US")} → ${Math.round(result.two.readers).toLocaleString("en-US")} readers; 2 cores shared by both instances, PostgreSQL and the load generator`,
  };
}
