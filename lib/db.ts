import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { getEnv } from "./env";
import { resolveSqlitePath } from "./database-url";
import { PrismaClient } from "./generated/prisma/client";

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

type DbGlobal = { prisma?: PrismaClient; ready?: Promise<PrismaClient> };
// Kept on globalThis so that `next dev` hot reloads reuse one client instead of leaking connections.
const holder = globalThis as typeof globalThis & { __portalDb?: DbGlobal };
const state: DbGlobal = (holder.__portalDb ??= {});

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({
    url: resolveSqlitePath(getEnv().DATABASE_URL),
    timeout: SQLITE_BUSY_TIMEOUT_MS,
  });
  // Secrets are never selected unless a query asks for them by name.
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

async function configure(client: PrismaClient): Promise<PrismaClient> {
  for (const pragma of SQLITE_PRAGMAS) await client.$queryRawUnsafe(pragma);
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
