import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

/** Validates `vars` as the environment, with a fresh copy of lib/env (it caches the first result). */
async function loadEnv(vars: Record<string, string>) {
  for (const key of ["DATABASE_URL", "DATABASE_POOL_SIZE", "PORTAL_INSTANCES", "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY", "NEXT_MANUAL_SIG_HANDLE"]) delete process.env[key];
  Object.assign(process.env, vars);
  vi.resetModules();
  const { getEnv } = await import("@/lib/env");
  return getEnv;
}

const PG = "postgresql://postgres@127.0.0.1:5432/portal";
const key = (bytes: number) => randomBytes(bytes).toString("base64");

describe("NEXT_SERVER_ACTIONS_ENCRYPTION_KEY", () => {
  it("is required when several instances serve the database, and names the fix", async () => {
    const getEnv = await loadEnv({ DATABASE_URL: PG, PORTAL_INSTANCES: "3" });
    expect(getEnv).toThrow(/NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: is not set, but PORTAL_INSTANCES is 3: .*openssl rand -base64 32/);
  });

  it("is optional for one instance", async () => {
    const getEnv = await loadEnv({ DATABASE_URL: PG });
    expect(getEnv().NEXT_SERVER_ACTIONS_ENCRYPTION_KEY).toBeUndefined();
  });

  it.each([16, 24, 32])("accepts base64 of %i bytes", async (bytes) => {
    const value = key(bytes);
    const getEnv = await loadEnv({ DATABASE_URL: PG, PORTAL_INSTANCES: "2", NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: value });
    expect(getEnv().NEXT_SERVER_ACTIONS_ENCRYPTION_KEY).toBe(value);
  });

  it("refuses a key of another length, and text that is not base64", async () => {
    let getEnv = await loadEnv({ DATABASE_URL: PG, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key(20) });
    expect(getEnv).toThrow(/NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: decodes to 20 bytes; an AES key is 16, 24 or 32 bytes/);
    getEnv = await loadEnv({ DATABASE_URL: PG, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "not a key!" });
    expect(getEnv).toThrow(/NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: must be base64/);
  });
});

describe("PORTAL_INSTANCES", () => {
  it("refuses several instances on SQLite even with a key", async () => {
    const getEnv = await loadEnv({ DATABASE_URL: "file:./data/x.db", PORTAL_INSTANCES: "2", NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key(32) });
    expect(getEnv).toThrow(/PORTAL_INSTANCES: is 2, but SQLite serves one instance only/);
  });
});

describe("DATABASE_URL and DATABASE_POOL_SIZE", () => {
  it("takes a SQLite file URL or a PostgreSQL URL", async () => {
    for (const url of ["file:./data/x.db", PG, "postgres://app@db/portal"]) {
      expect((await loadEnv({ DATABASE_URL: url }))().DATABASE_URL).toBe(url);
    }
  });

  it("refuses any other URL, naming the variable", async () => {
    const getEnv = await loadEnv({ DATABASE_URL: "mysql://root@db/portal" });
    expect(getEnv).toThrow(/DATABASE_URL: must be a SQLite "file:" URL .* or a "postgresql:\/\/" URL/);
  });

  it("bounds the pool size", async () => {
    expect((await loadEnv({ DATABASE_URL: PG, DATABASE_POOL_SIZE: "25" }))().DATABASE_POOL_SIZE).toBe(25);
    expect(await loadEnv({ DATABASE_URL: PG, DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
  });
});
