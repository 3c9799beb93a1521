import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getEnv } from "./env";
import { getDatabaseProvider, resolveSqlitePath, type DatabaseProvider } from "./database-url";
import { assertDatabaseFilesIntact, noteDatabaseFileClosed, noteDatabaseFileOpened } from "./db-file";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/prisma-pg/client";

/** Milliseconds a write waits for SQLite's lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

// Per-connection settings. The better-sqlite3 adapter opens one connection per client and does not
// enable WAL itself; WAL lets readers proceed while a write is in progress, and synchronous=NORMAL
// is durable across application crashes in WAL mode (only an OS crash can lose the last commits).
export const SQLITE_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
  "PRAGMA foreign_keys = ON",
];

/** The name the portal's PostgreSQL connections carry in pg_stat_activity. */
export const POSTGRES_APPLICATION_NAME = "xuexi-yuandi";

type DbGlobal = { prisma?: PrismaClient; ready?: Promise<PrismaClient>; pool?: pg.Pool };
// Kept on globalThis so that `next dev` hot reloads reuse one client instead of leaking connections.
const holder = globalThis as typeof globalThis & { __portalDb?: DbGlobal };
const state: DbGlobal = (holder.__portalDb ??= {});

/** The database this process runs on, from DATABASE_URL. */
export function getProvider(): DatabaseProvider {
  return getDatabaseProvider(getEnv().DATABASE_URL);
}

/**
 * The process's PostgreSQL connection pool, shared by Prisma and the hot path's raw statements
 * (lib/sql.ts), so one setting (DATABASE_POOL_SIZE) bounds the connections an instance holds.
 */
export function getPostgresPool(): pg.Pool {
  if (!state.pool) {
    const env = getEnv();
    // application_name tells an operator's pg_stat_activity which connections are the portal's.
    state.pool = new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: env.DATABASE_POOL_SIZE,
      idleTimeoutMillis: 30_000,
      application_name: POSTGRES_APPLICATION_NAME,
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    state.pool.on("error", (error) => console.error("[db] idle PostgreSQL connection failed:", error.message));
  }
  return state.pool;
}

function createClient(): PrismaClient {
  // Secrets are never selected unless a query asks for them by name.
  const omit = { user: { passwordHash: true } } as const;
  if (getProvider() === "postgresql") {
    // Both clients are generated from the same models (prisma/postgres/schema.prisma is derived from
    // prisma/schema.prisma, checked in CI), so their query APIs are the same; the code is written
    // against one of them.
    return new PostgresPrismaClient({ adapter: new PrismaPg(getPostgresPool()), omit }) as unknown as PrismaClient;
  }
  // fileMustExist: a database file missing at the server's first query means it was deleted (or never
  // migrated); creating an empty one in its place would only hide that (db:migrate creates it).
  const adapter = new PrismaBetterSQLite3({ url: resolveSqlitePath(getEnv().DATABASE_URL), timeout: SQLITE_BUSY_TIMEOUT_MS, fileMustExist: true });
  return guardSqliteWrites(new PrismaClient({ adapter, omit }));
}

const WRITE_OPERATIONS = new Set([
  "create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany",
  "$executeRaw", "$executeRawUnsafe",
]);

/** Refuses writes once the SQLite file was deleted or replaced under this process (lib/db-file.ts). */
function guardSqliteWrites(client: PrismaClient): PrismaClient {
  const guarded = client.$extends({
    name: "database-file-guard",
    query: {
      async $allOperations({ operation, args, query }) {
        if (WRITE_OPERATIONS.has(operation)) assertDatabaseFilesIntact();
        return query(args);
      },
    },
  });
  // The extension changes no query's types; the code is written against the plain client's.
  return guarded as unknown as PrismaClient;
}

async function configure(client: PrismaClient): Promise<PrismaClient> {
  if (getProvider() === "sqlite") {
    for (const pragma of SQLITE_PRAGMAS) await client.$queryRawUnsafe(pragma);
    // The pragmas opened the connection: this is the file it writes to from now on.
    noteDatabaseFileOpened("prisma", resolveSqlitePath(getEnv().DATABASE_URL));
  }
  return client;
}

/** The one Prisma client of this process, with its connection settings applied. */
export function getDb(): Promise<PrismaClient> {
  if (!state.ready) {
    state.prisma = createClient();
    state.ready = configure(state.prisma).catch((error: unknown) => {
      state.ready = undefined; // let the next request try again
      throw error;
    });
  }
  return state.ready;
}

/** Disconnects Prisma and closes the PostgreSQL pool (shutdown, tests). The next getDb() reconnects. */
export async function closeDb(): Promise<void> {
  const { prisma, pool } = state;
  state.prisma = undefined;
  state.ready = undefined;
  state.pool = undefined;
  noteDatabaseFileClosed("prisma");
  await prisma?.$disconnect();
  await pool?.end();
}
