import { afterEach, describe, expect, it, vi } from "vitest";

// lib/env.ts validates process.env once per module instance: each case loads a fresh copy.
async function loadEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(vars)) vi.stubEnv(key, value);
  return (await import("@/lib/env")).getEnv;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("database configuration", () => {
  it("takes a SQLite file URL or a PostgreSQL URL", async () => {
    expect((await loadEnv({ DATABASE_URL: "file:./data/x.db" }))().DATABASE_URL).toBe("file:./data/x.db");
    expect((await loadEnv({ DATABASE_URL: "postgresql://app@db:5432/portal" }))().DATABASE_URL).toBe("postgresql://app@db:5432/portal");
    expect((await loadEnv({ DATABASE_URL: "postgres://app@db/portal" }))().DATABASE_URL).toBe("postgres://app@db/portal");
  });

  it("refuses any other URL, naming the variable", async () => {
    const getEnv = await loadEnv({ DATABASE_URL: "mysql://root@db/portal" });
    expect(() => getEnv()).toThrow(/DATABASE_URL: must be a SQLite "file:" URL .* or a "postgresql:\/\/" URL/);
  });

  it("refuses several instances on SQLite, and allows them on PostgreSQL", async () => {
    const onSqlite = await loadEnv({ DATABASE_URL: "file:./data/x.db", PORTAL_INSTANCES: "2" });
    expect(() => onSqlite()).toThrow(/PORTAL_INSTANCES: is 2, but SQLite serves one instance only/);
    const onPostgres = await loadEnv({ DATABASE_URL: "postgresql://app@db/portal", PORTAL_INSTANCES: "3", NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") });
    expect(onPostgres().PORTAL_INSTANCES).toBe(3);
  });

  it("bounds the pool size", async () => {
    expect((await loadEnv({ DATABASE_POOL_SIZE: "25" }))().DATABASE_POOL_SIZE).toBe(25);
    const bad = await loadEnv({ DATABASE_POOL_SIZE: "0" });
    expect(() => bad()).toThrow(/DATABASE_POOL_SIZE/);
  });
});
