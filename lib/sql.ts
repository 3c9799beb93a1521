import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { resolveSqlitePath } from "./database-url";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS } from "./db";
import { getEnv } from "./env";
import type { Prisma } from "./generated/prisma/client";

/**
 * The hot path's own connection: the few statements that run on (nearly) every request — the
 * session lookup and the reading-beat merge — as prepared statements cached by their SQL text.
 *
 * Why not Prisma for these: its SQLite adapter prepares every statement anew on each call and runs
 * it through the query pipeline, which cost more than the statements themselves (npm run bench).
 *
 * Why a second connection rather than Prisma's: Prisma's adapter runs its transactions as BEGIN …
 * COMMIT on its single connection across several event-loop turns, and any statement sent on that
 * connection meanwhile becomes part of that transaction (and is rolled back with it). On a
 * connection of its own, each statement here commits by itself. The price is lock contention while
 * one of Prisma's transactions writes: SQLite answers SQLITE_BUSY at once (busy_timeout 0, because
 * better-sqlite3's busy wait would block the event loop, and with it the very transaction holding the
 * lock), and the statement is retried after an asynchronous back-off, for as long as Prisma's own
 * connection would wait.
 */

type Connection = { db: Database.Database; statements: Map<string, Database.Statement> };

// Kept on globalThis, like the Prisma client, so `next dev` reloads do not leak connections.
const holder = globalThis as typeof globalThis & { __portalSql?: Connection };
/** Distinct SQL texts kept prepared; the hot path has a handful, so this bound is never reached in practice. */
const STATEMENT_CACHE_SIZE = 64;

function getConnection(): Connection {
  if (!holder.__portalSql) {
    const db = new Database(resolveSqlitePath(getEnv().DATABASE_URL), { timeout: 0 });
    for (const pragma of SQLITE_PRAGMAS) db.exec(pragma);
    db.pragma("busy_timeout = 0");
    holder.__portalSql = { db, statements: new Map() };
  }
  return holder.__portalSql;
}

function prepare(sql: Prisma.Sql): Database.Statement {
  const connection = getConnection();
  let statement = connection.statements.get(sql.sql);
  if (!statement) {
    if (connection.statements.size >= STATEMENT_CACHE_SIZE) connection.statements.clear();
    statement = connection.db.prepare(sql.sql);
    connection.statements.set(sql.sql, statement);
  }
  return statement;
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === "SQLITE_BUSY" || error.code.startsWith("SQLITE_BUSY_"));
}

async function withBusyRetry<T>(run: () => T): Promise<T> {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    try {
      return run();
    } catch (error) {
      if (!isBusy(error) || Date.now() + delay > deadline) throw error;
    }
    await sleep(delay);
  }
}

type Bindable = string | number | bigint | null | Buffer;

function toBindable(values: readonly unknown[]): Bindable[] {
  return values.map((value) => {
    if (value === undefined || value === null) return null;
    if (typeof value === "boolean") return value ? 1 : 0;
    // As Prisma's SQLite adapter stores a DateTime, so that stored values compare as text.
    if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
    if (typeof value === "string" || typeof value === "number" || typeof value === "bigint" || Buffer.isBuffer(value)) return value;
    throw new TypeError(`cannot bind a ${typeof value} to an SQL parameter`);
  });
}

/** Runs a statement that returns rows (composed with `Prisma.sql`, `?` placeholders) and returns them. */
export async function queryRows<T>(sql: Prisma.Sql): Promise<T[]> {
  const statement = prepare(sql);
  const values = toBindable(sql.values);
  return withBusyRetry(() => statement.all(...values) as T[]);
}

/** Runs a statement that changes data and returns the number of rows it changed. */
export async function executeStatement(sql: Prisma.Sql): Promise<number> {
  const statement = prepare(sql);
  const values = toBindable(sql.values);
  return withBusyRetry(() => statement.run(...values).changes);
}

/**
 * Runs statements as one transaction (BEGIN IMMEDIATE … COMMIT) synchronously, so nothing else in
 * this process can interleave with it and a failure rolls back exactly these statements. For rare
 * maintenance (rebuilding counters), not for request paths.
 */
export async function executeAtomically(statements: Prisma.Sql[]): Promise<number> {
  const prepared = statements.map((sql) => ({ statement: getConnection().db.prepare(sql.sql), values: toBindable(sql.values) }));
  const run = getConnection().db.transaction(() => prepared.reduce((changes, { statement, values }) => changes + statement.run(...values).changes, 0));
  return withBusyRetry(() => run.immediate());
}

/** Closes the connection (tests, shutdown). The next call opens a new one. */
export function closeSqlConnection(): void {
  holder.__portalSql?.db.close();
  holder.__portalSql = undefined;
}
