// How the test run finds its PostgreSQL server (tests/support/postgres-server.ts): the machine's when
// one answers, otherwise a real PostgreSQL 15 from the npm registry that is stopped and removed when
// the run is done with it, even when the run is killed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort } from "@/scripts/bench/processes";
import { postgresAdminUrl } from "../helpers/postgres";
import { acquirePostgresServer, planPostgres, probePostgres, redactUrl } from "../../support/postgres-server";

const ROOT = path.resolve(__dirname, "../../..");

/** A TCP server on a free port that does `onConnection` with every client; closed after the test. */
async function listen(onConnection: (socket: net.Socket) => void): Promise<{ port: number; close: () => void }> {
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => server.close() };
}

function postgresProcessesIn(dir: string): number {
  // Every process whose command line names the data folder (postgres -D <dir> and its children).
  let count = 0;
  for (const pid of fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir)) count += 1;
    } catch {
      // Exited meanwhile.
    }
  }
  return count;
}

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

describe("probePostgres", () => {
  it("says nothing answers at a closed port", async () => {
    const port = await findFreePort();
    expect(await probePostgres(`postgresql://postgres@127.0.0.1:${port}/postgres`)).toEqual({ status: "silent", reason: "ECONNREFUSED" });
  });

  it("says nothing answers when a listener stays mute past the timeout", async () => {
    const mute = await listen(() => {});
    closers.push(mute.close);
    const result = await probePostgres(`postgresql://postgres@127.0.0.1:${mute.port}/postgres`, 300);
    expect(result.status).toBe("silent");
  });

  it("tells a listener that is not PostgreSQL from nobody being there", async () => {
    const http = await listen((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    closers.push(http.close);
    const result = await probePostgres(`postgresql://postgres@127.0.0.1:${http.port}/postgres`);
    expect(result.status).toBe("refuses");
  });

  it("reads the version of the run's server, and reports a role it refuses", async () => {
    const answer = await probePostgres(postgresAdminUrl());
    expect(answer).toMatchObject({ status: "answers", version: expect.stringMatching(/^\d+\.\d+/) });
    const url = new URL(postgresAdminUrl());
    url.username = "no_such_role_here";
    const refused = await probePostgres(url.toString());
    expect(refused.status).toBe("refuses");
    if (refused.status === "refuses") expect(refused.reason).toMatch(/no_such_role_here/);
  });
});

describe("planPostgres", () => {
  const url = "postgresql://postgres:secret@127.0.0.1:5432/postgres";

  it("uses a server that answers, wherever it was named", () => {
    for (const explicit of [true, false]) {
      expect(planPostgres({ url, explicit, probe: { status: "answers", version: "15.4" } })).toEqual({ use: "found", url, version: "15.4" });
    }
  });

  it("starts the embedded server when nothing answers, named or not", () => {
    for (const explicit of [true, false]) {
      const plan = planPostgres({ url, explicit, probe: { status: "silent", reason: "ECONNREFUSED" } });
      expect(plan).toEqual({ use: "embedded", reason: "nothing answers at postgresql://postgres:***@127.0.0.1:5432/postgres (ECONNREFUSED)" });
    }
  });

  it("reports a named server that refuses, without the password; at the default address it starts its own", () => {
    const probe = { status: "refuses", reason: 'password authentication failed for user "postgres"' } as const;
    const named = planPostgres({ url, explicit: true, probe });
    expect(named.use).toBe("fail");
    if (named.use === "fail") {
      expect(named.reason).toContain("POSTGRES_ADMIN_URL=postgresql://postgres:***@127.0.0.1:5432/postgres answered but refused the tests");
      expect(named.reason).not.toContain("secret");
    }
    expect(planPostgres({ url, explicit: false, probe }).use).toBe("embedded");
  });

  it("redacts passwords and survives a malformed URL", () => {
    expect(redactUrl("postgresql://u:p4ss@h:1/d")).toBe("postgresql://u:***@h:1/d");
    expect(redactUrl("not a url")).toBe("(unparsable URL)");
  });
});

describe("the embedded server", () => {
  it("starts when nothing answers, is shared while in use, and is stopped and removed by the last release", async () => {
    const saved = process.env.POSTGRES_ADMIN_URL;
    const closedPort = await findFreePort();
    process.env.POSTGRES_ADMIN_URL = `postgresql://postgres@127.0.0.1:${closedPort}/postgres`;
    try {
      const first = await acquirePostgresServer();
      const second = await acquirePostgresServer();
      expect(first.server.source).toBe("embedded");
      expect(second.server.url).toBe(first.server.url);
      expect(process.env.POSTGRES_ADMIN_URL).toBe(first.server.url);
      expect(await probePostgres(first.server.url)).toMatchObject({ status: "answers", version: expect.stringMatching(/^15\./) });
      const dirs = fs.readdirSync("/tmp").filter((entry) => entry.startsWith("portal-test-pg-"));
      const dir = dirs.map((entry) => path.join("/tmp", entry)).find((candidate) => postgresProcessesIn(candidate) > 0)!;
      expect(dir).toBeDefined();

      await first.release();
      expect((await probePostgres(first.server.url)).status).toBe("answers");
      await second.release();
      expect((await probePostgres(first.server.url, 1_000)).status).toBe("silent");
      expect(fs.existsSync(dir)).toBe(false);
      expect(postgresProcessesIn(dir)).toBe(0);
    } finally {
      process.env.POSTGRES_ADMIN_URL = saved;
    }
  }, 120_000);

  it("is stopped and removed when the process that started it is killed (as vitest on Ctrl-C)", async () => {
    const closedPort = await findFreePort();
    const parent = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "hold-postgres.ts")], {
      cwd: ROOT,
      env: { ...process.env, POSTGRES_ADMIN_URL: `postgresql://postgres@127.0.0.1:${closedPort}/postgres` },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      parent.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        const line = output.split("\n").find((candidate) => candidate.startsWith('{"url"'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      parent.on("exit", (code) => reject(new Error(`the parent exited (${code}) before the server was ready:\n${output}`)));
    });
    expect((await probePostgres(url)).status).toBe("answers");
    const before = fs.readdirSync("/tmp").filter((entry) => entry.startsWith("portal-test-pg-")).map((entry) => path.join("/tmp", entry));
    const dir = before.find((candidate) => postgresProcessesIn(candidate) > 0 && fs.existsSync(candidate));
    expect(dir).toBeDefined();

    parent.kill("SIGKILL");
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (fs.existsSync(dir!) || postgresProcessesIn(dir!) > 0)) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.existsSync(dir!)).toBe(false);
    expect(postgresProcessesIn(dir!)).toBe(0);
    expect((await probePostgres(url, 1_000)).status).toBe("silent");
  }, 120_000);
});
