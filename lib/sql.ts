import "server-only";
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import pg from "pg";
import { resolveSqlitePath, type DatabaseProvider } from "./database-url";
import { getPostgresPool, getProvider, SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS } from "./db";
import { assertDatabaseFilesIntact, noteDatabaseFileClosed, noteDatabaseFileOpened } from "./db-file";
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
 *
 * On PostgreSQL the same functions run on the pool Prisma uses (lib/db.ts), with `$n` placeholders
 * and results shaped as on SQLite (counts as numbers, timestamps as Prisma's ISO text), so callers
 * see one kind of row. SQL that differs between the two is chosen with `dialect()`.
 */

/** The SQL dialect of this process's database, for the few statements written twice. */
export function dialect(): DatabaseProvider {
  return getProvider();
}

/** Picks the statement (or fragment) written for this process's database. */
export function bySql<T>(variants: Record<DatabaseProvider, T>): T {
  return variants[dialect()];
}

type Connection = { db: Database.Database; statements: Map<string, Database.Statement> };

// Kept on globalThis, like the Prisma client, so `next dev` reloads do not leak connections.
const holder = globalThis as typeof globalThis & { __portalSql?: Connection };
/** Distinct SQL texts kept prepared; the hot path has a handful, so this bound is never reached in practice. */
const STATEMENT_CACHE_SIZE = 64;

function getConnection(): Connection {
  if (!holder.__portalSql) {
    const file = resolveSqlitePath(getEnv().DATABASE_URL);
    // fileMustExist: never create an empty database in place of a deleted one (see lib/db.ts).
    const db = new Database(file, { timeout: 0, fileMustExist: true });
    for (const pragma of SQLITE_PRAGMAS) db.exec(pragma);
    db.pragma("busy_timeout = 0");
    noteDatabaseFileOpened("sql", file);
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

// PostgreSQL: values as the pg driver sends them untyped (so the server infers each parameter's type
// from the statement); Dates as UTC ISO text, which a `timestamp` column takes as UTC whatever the
// session's time zone.
function toPostgresValues(values: readonly unknown[]): unknown[] {
  return values.map((value) => (value instanceof Date ? value.toISOString() : (value ?? null)));
}

/** `2026-11-29 08:00:00.123` (a timestamp(3) as PostgreSQL sends it) as Prisma's SQLite text. */
function timestampAsText(value: string): string {
  const [day, time = "00:00:00"] = value.split(" ");
  const [clock, fraction = ""] = time.split(".");
  return `${day}T${clock}.${fraction.padEnd(3, "0").slice(0, 3)}+00:00`;
}

const PG_TYPES = pg.types.builtins;
// Row values as the SQLite path returns them: numbers for counts and sums, text for timestamps.
const postgresTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === PG_TYPES.INT8 || oid === PG_TYPES.NUMERIC) return (value: string) => Number(value);
    if (oid === PG_TYPES.TIMESTAMP) return timestampAsText;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Options of a statement. */
export type StatementOptions = {
  /**
   * PostgreSQL: run it as a named prepared statement, parsed and planned once per pooled connection.
   * Only for the hot path's few fixed texts (session lookup, beat merge): a connection keeps every
   * statement it prepared, so texts that vary (lists of ids, sort orders) must not be prepared.
   * SQLite prepares every statement anyway (bounded cache above).
   */
  prepared?: boolean;
};

const preparedNames = new Map<string, string>();

function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (!name) {
    name = `portal_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/** deadlock_detected and serialization_failure: the statement was rolled back whole and may simply run again. */
const RETRYABLE_POSTGRES_CODES = new Set(["40P01", "40001"]);
const POSTGRES_ATTEMPTS = 3;

async function postgresQuery(sql: Prisma.Sql, options?: StatementOptions): Promise<pg.QueryResult> {
  const text = sql.text;
  const name = options?.prepared ? preparedName(text) : undefined;
  const values = toPostgresValues(sql.values);
  for (let attempt = 1; ; attempt++) {
    try {
      // Each statement runs in its own implicit transaction, so a retry never repeats half of one.
      return await getPostgresPool().query({ name, text, values, types: postgresTypes });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= POSTGRES_ATTEMPTS || typeof code !== "string" || !RETRYABLE_POSTGRES_CODES.has(code)) throw error;
      console.warn(`[db] PostgreSQL ${code === "40P01" ? "deadlock" : "serialization failure"}; retrying the statement (attempt ${attempt + 1})`);
      await sleep(5 + Math.floor(Math.random() * 20 * attempt));
    }
  }
}

/** Runs a statement that returns rows (composed with `Prisma.sql`) and returns them. */
export async function queryRows<T>(sql: Prisma.Sql, options?: StatementOptions): Promise<T[]> {
  if (dialect() === "postgresql") return (await postgresQuery(sql, options)).rows as T[];
  const statement = prepare(sql);
  const values = toBindable(sql.values);
  return withBusyRetry(() => statement.all(...values) as T[]);
}

/** Runs a statement that changes data and returns the number of rows it changed. */
export async function executeStatement(sql: Prisma.Sql, options?: StatementOptions): Promise<number> {
  if (dialect() === "postgresql") return (await postgresQuery(sql, options)).rowCount ?? 0;
  const statement = prepare(sql);
  assertDatabaseFilesIntact();
  const values = toBindable(sql.values);
  return withBusyRetry(() => statement.run(...values).changes);
}

/** Runs a statement that changes data and returns rows (RETURNING), e.g. the beat merge's stored row. */
export async function executeReturning<T>(sql: Prisma.Sql, options?: StatementOptions): Promise<T[]> {
  if (dialect() === "postgresql") return (await postgresQuery(sql, options)).rows as T[];
  const statement = prepare(sql);
  assertDatabaseFilesIntact();
  const values = toBindable(sql.values);
  return withBusyRetry(() => statement.all(...values) as T[]);
}

/**
 * Runs statements as one transaction (BEGIN IMMEDIATE … COMMIT) synchronously, so nothing else in
 * this process can interleave with it and a failure rolls back exactly these statements. For rare
 * maintenance (rebuilding counters) and a few short statements that must land together (a grade and
 * the pass it records, an assignment and the completions it gates), not for hot request paths.
 */
export async function executeAtomically(statements: Prisma.Sql[]): Promise<number> {
  return (await executeAtomicallyEach(statements)).reduce((sum, changes) => sum + changes, 0);
}

/** As executeAtomically, returning the rows each statement changed (triggers' changes not counted). */
export async function executeAtomicallyEach(statements: Prisma.Sql[]): Promise<number[]> {
  if (dialect() === "postgresql") return executeAtomicallyOnPostgres(statements);
  assertDatabaseFilesIntact();
  const prepared = statements.map((sql) => ({ statement: getConnection().db.prepare(sql.sql), values: toBindable(sql.values) }));
  const run = getConnection().db.transaction(() => prepared.map(({ statement, values }) => statement.run(...values).changes));
  return withBusyRetry(() => run.immediate());
}

async function executeAtomicallyOnPostgres(statements: Prisma.Sql[]): Promise<number[]> {
  const client = await getPostgresPool().connect();
  try {
    await client.query("BEGIN");
    const changes: number[] = [];
    for (const sql of statements) {
      changes.push((await client.query({ text: sql.text, values: toPostgresValues(sql.values), types: postgresTypes })).rowCount ?? 0);
    }
    await client.query("COMMIT");
    return changes;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const dataVersion: { statement?: Database.Statement; db?: Database.Database; last?: unknown } = {};

/**
 * SQLite: whether another connection (Prisma's in this process, or another process on the file, such
 * as a command-line script) has committed a change since the last call, by `PRAGMA data_version` on
 * the hot path's connection; true on the first call. The hot path's own writes do not count. Costs a
 * microsecond or two, so the session cache (lib/auth/session-cache.ts) can ask before every answer.
 */
export function hasDatabaseChangedElsewhere(): boolean {
  try {
    const { db } = getConnection();
    if (dataVersion.db !== db) {
      dataVersion.db = db;
      dataVersion.statement = db.prepare("PRAGMA data_version").pluck();
      dataVersion.last = undefined;
    }
    const version = dataVersion.statement!.get();
    const changed = version !== dataVersion.last;
    dataVersion.last = version;
    return changed;
  } catch {
    // Could not tell (the file busy or gone): say changed, so nothing kept answers; the lookup that
    // follows reads the database and meets the same failure with its own retries and errors.
    dataVersion.last = undefined;
    return true;
  }
}

/** Closes the connection (tests, shutdown). The next call opens a new one. */
export function closeSqlConnection(): void {
  noteDatabaseFileClosed("sql");
  holder.__portalSql?.db.close();
  holder.__portalSql = undefined;
}
