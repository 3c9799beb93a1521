import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

export const ROOT = process.cwd();
const STOP_GRACE_MS = 3_000;
const LOG_TAIL_LINES = 40;

// Plain record, not NodeJS.ProcessEnv: Next's types make NODE_ENV required there, yet builds must omit it.
export type Env = Record<string, string | undefined>;

export type Managed = {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (null when killed by a signal) once the process group leader ends. */
  exited: Promise<number | null>;
};

// Every process this runner started, so that a crash, an error or Ctrl-C never leaves a server behind.
const started = new Set<Managed>();

/** Last lines of a log, so a failure message says *why* without opening the file. */
export function readTail(file: string, lines = LOG_TAIL_LINES): string {
  if (!fs.existsSync(file)) return "";
  return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** Starts a command in its own process group with its output going to a log file. */
export function startProcess(name: string, command: string, args: string[], env: Env, logFile: string): Managed {
  const fd = fs.openSync(logFile, "a");
  // detached = own process group: `npx next start` forks next-server, and killing the group gets both.
  const child = spawn(command, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", fd, fd], detached: true });
  fs.closeSync(fd);
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", (error) => {
      fs.appendFileSync(logFile, `\n[bench] could not start ${command}: ${error.message}\n`);
      resolve(-1);
    });
    child.on("exit", (code) => resolve(code));
  });
  const managed: Managed = { name, child, logFile, exited };
  // Kept even after the leader exits: `npm exec` may die and leave next-server running in its group.
  started.add(managed);
  return managed;
}

/** Runs a command to completion; rejects with the tail of its log when it fails. */
export async function runStep(name: string, command: string, args: string[], env: Env, logFile: string): Promise<void> {
  fs.appendFileSync(logFile, `\n[bench] $ ${command} ${args.join(" ")}\n`);
  const managed = startProcess(name, command, args, env, logFile);
  const code = await managed.exited;
  // A finished step's group is over; forgetting it avoids ever signalling a reused process id.
  started.delete(managed);
  if (code !== 0) {
    throw new Error(`${name} failed (exit ${code}); full log: ${logFile}\n${readTail(logFile)}`);
  }
}

function signalGroup(managed: Managed, signal: NodeJS.Signals): void {
  const pid = managed.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Stops everything this runner started: SIGTERM first, SIGKILL for whatever ignores it. */
export async function stopAll(): Promise<void> {
  const list = [...started];
  for (const managed of list) signalGroup(managed, "SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_GRACE_MS).unref());
  await Promise.race([Promise.all(list.map((managed) => managed.exited)), timeout]);
  // Children of the group leader (next-server) may outlive it; SIGKILL the whole group regardless.
  for (const managed of list) {
    signalGroup(managed, "SIGKILL");
    started.delete(managed);
  }
}

/** Stops one started process group (SIGTERM, then SIGKILL after the grace period), e.g. a server no scenario needs any more. */
export async function stopProcess(managed: Managed): Promise<void> {
  signalGroup(managed, "SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_GRACE_MS).unref());
  await Promise.race([managed.exited, timeout]);
  signalGroup(managed, "SIGKILL");
  started.delete(managed);
}

/** Makes Ctrl-C, SIGTERM and any exit path take the started servers down with this process. */
export function installCleanupHandlers(): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches this process twice (from the terminal and relayed by tsx): clean up once, and
    // keep the handler so the second signal cannot kill the process before the servers are down.
    if (stopping) return;
    stopping = true;
    console.error(`\n[bench] ${signal}: stopping the servers it started…`);
    void stopAll().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // Last resort for paths that skip the async cleanup (process.exit, uncaught errors); must be sync.
  process.on("exit", () => {
    for (const managed of started) signalGroup(managed, "SIGKILL");
  });
}

/** Asks the OS for a free port; a fixed one would clash with a dev server or a parallel run. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

/** Polls a URL until it answers 200; gives up early when the server process has died. */
export async function waitForOk(url: string, managed: Managed, timeoutMs = 60_000): Promise<void> {
  let dead = false;
  void managed.exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (dead) break;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const why = dead ? "its process exited" : `no 200 within ${timeoutMs / 1000} s (last: ${last})`;
  throw new Error(`${managed.name} did not start: ${why}; log: ${managed.logFile}\n${readTail(managed.logFile)}`);
}

// USER_HZ: the unit of /proc/<pid>/stat times; 100 on every mainstream Linux architecture.
export const CLOCK_TICKS_PER_SECOND = 100;

export type ProcessTicks = { comm: string; pgrp: number; ticks: number };

/** A process's name, process group and CPU ticks used (user + system) from /proc/<pid>/stat; undefined once it has exited. */
export function readProcessTicks(pid: number | string): ProcessTicks | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // exited meanwhile
  }
  // Fields after "(comm)": state ppid pgrp … utime(14th) stime(15th); comm itself may hold spaces.
  const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { comm, pgrp: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** CPU seconds used so far by the live processes that `matches` picks (Linux /proc), else undefined. */
export function sumProcessCpuSeconds(matches: (process: ProcessTicks) => boolean): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const read = readProcessTicks(entry);
    if (read && matches(read)) ticks += read.ticks;
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds used so far by the live processes of a process group (Linux /proc), else undefined. */
export function readGroupCpuSeconds(pgid: number): number | undefined {
  // Per-round CPU shares tell a saturated server from a saturated load generator or a noisy neighbour.
  return sumProcessCpuSeconds((process) => process.pgrp === pgid);
}

/** CPU seconds all cores of the machine have spent busy since boot (Linux /proc/stat). */
export function readMachineBusySeconds(): number | undefined {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    // cpu user nice system idle iowait irq softirq steal …: busy = all but idle and iowait
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds of everything a managed process started (it leads its own process group). */
export function readCpuSeconds(managed: Managed): number | undefined {
  return managed.child.pid === undefined ? undefined : readGroupCpuSeconds(managed.child.pid);
}

export type Pinning = { enabled: boolean; serverCore?: number; loadCore?: number; note: string };

function parseCpuList(list: string): number[] {
  return list.split(",").flatMap((part) => {
    const [from, to] = part.trim().split("-").map(Number);
    if (from === undefined || Number.isNaN(from)) return [];
    return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/** Picks one core for the servers and another for the load generator, if there are two. */
export function detectPinning(): Pinning {
  // Asks for the cores this process may use: a container's cpuset need not start at 0.
  const probe = spawnSync("taskset", ["-c", "-p", String(process.pid)], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return { enabled: false, note: "taskset not available: not pinned" };
  const cores = parseCpuList(probe.stdout.split(":").pop() ?? "");
  const [serverCore, loadCore] = cores;
  if (serverCore === undefined || loadCore === undefined) {
    return { enabled: false, note: `only ${cores.length} allowed core(s): not pinned` };
  }
  return { enabled: true, serverCore, loadCore, note: `servers on core ${serverCore}, load generator on core ${loadCore}` };
}

/** Prefixes a command with `taskset -c <core>` when pinning is on. */
export function pinCommand(pinning: Pinning, core: number | undefined, command: string, args: string[]): [string, string[]] {
  if (!pinning.enabled || core === undefined) return [command, args];
  return ["taskset", ["-c", String(core), command, ...args]];
}

/** Moves every thread of this process (autocannon runs here) to the load generator's core. */
export function pinSelf(pinning: Pinning): void {
  if (!pinning.enabled || pinning.loadCore === undefined) return;
  const result = spawnSync("taskset", ["-a", "-c", "-p", String(pinning.loadCore), String(process.pid)], { encoding: "utf8" });
  if (result.status !== 0) {
    pinning.note += `; pinning the load generator failed (${result.stderr.trim()})`;
  }
}
