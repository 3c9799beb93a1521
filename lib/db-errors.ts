/** Expected database failures, turned into errors the callers can act on. */
export class ConflictError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** A request for something that does not exist, or that the actor may not see (the same answer). */
export class NotFoundError extends Error {
  constructor(message = "not found") {
    super(message);
    this.name = "NotFoundError";
  }
}

/** A request the actor may not make. */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** Whether an error is a unique-constraint violation (Prisma P2002), optionally on a given column. */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "P2002") return false;
  if (!column) return true;
  const meta = (error as { meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } }).meta;
  const target = meta?.target;
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields;
  const names = [...(Array.isArray(target) ? target : typeof target === "string" ? [target] : []), ...(fields ?? [])];
  return names.length === 0 || names.some((name) => String(name).includes(column));
}

/**
 * Why the database cannot serve a request right now, whatever the request: the causes /api/health
 * names and route handlers answer with 503, so that clients keep their copy and retry.
 */
export type DatabaseFailureCause =
  | "read_only"
  | "disk_full"
  | "io_error"
  | "corrupt"
  | "busy"
  | "unreachable"
  | "file_missing"
  | "file_replaced";

/** What each cause means, for the server log and the health answer (English, no paths or data). */
export const DATABASE_FAILURE_DESCRIPTIONS: Record<DatabaseFailureCause, string> = {
  read_only: "the database is read-only: writes are refused (file not writable or immutable, or a read-only PostgreSQL server)",
  disk_full: "the database's disk is full: writes are refused",
  io_error: "the database's disk reported an I/O error",
  corrupt: "the database file is damaged",
  busy: "the database stayed locked or in conflict longer than the portal waits",
  unreachable: "the database cannot be opened or reached",
  file_missing: "the database file is missing (deleted or moved away): restore it from a backup (npm run db:backup makes them) and restart the portal",
  file_replaced: "the database file was replaced while the portal was running: this process still writes to the old file; restart it",
};

/** The one message readers and administrators see when the database refused a write (or a read). */
export const DATABASE_UNAVAILABLE_MESSAGE = "数据库暂时无法保存数据，本次操作没有保存，请稍后重试";

/** A database that cannot serve the request now (not the request's fault): answered 503, retried by clients. */
export class DatabaseUnavailableError extends Error {
  constructor(readonly reason: DatabaseFailureCause) {
    super(DATABASE_FAILURE_DESCRIPTIONS[reason]);
    this.name = "DatabaseUnavailableError";
  }
}

// SQLite result codes (better-sqlite3's SqliteError.code; Prisma's SQLite adapter passes the same code
// on) by prefix, so that extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…) are included.
const SQLITE_CAUSES: Array<[prefix: string, cause: DatabaseFailureCause]> = [
  ["SQLITE_READONLY_DBMOVED", "file_replaced"],
  ["SQLITE_READONLY", "read_only"],
  ["SQLITE_PERM", "read_only"],
  ["SQLITE_FULL", "disk_full"],
  ["SQLITE_IOERR", "io_error"],
  ["SQLITE_CORRUPT", "corrupt"],
  ["SQLITE_NOTADB", "corrupt"],
  ["SQLITE_BUSY", "busy"],
  ["SQLITE_LOCKED", "busy"],
  ["SQLITE_CANTOPEN", "unreachable"],
];

// PostgreSQL SQLSTATEs: exact codes first, then classes (the first two characters).
const POSTGRES_CODES: Record<string, DatabaseFailureCause> = {
  "25006": "read_only", // read_only_sql_transaction: a standby, or default_transaction_read_only
  "53100": "disk_full",
  "40001": "busy", // serialization_failure, after lib/sql.ts's retries
  "40P01": "busy", // deadlock_detected, likewise
  "55P03": "busy", // lock_not_available
  "57014": "busy", // query_canceled (statement_timeout)
  "3D000": "unreachable", // the database does not exist
  XX001: "corrupt",
  XX002: "corrupt",
};
const POSTGRES_CLASSES: Record<string, DatabaseFailureCause> = {
  "08": "unreachable", // connection exception
  "53": "unreachable", // insufficient resources (out of memory, too many connections)
  "57": "unreachable", // operator intervention (shutdown, cannot connect now)
  "58": "io_error", // system error (I/O)
};

// Driver adapter kinds (Prisma) and Node socket errors (pg).
const KIND_CAUSES: Record<string, DatabaseFailureCause> = {
  DatabaseNotReachable: "unreachable",
  DatabaseDoesNotExist: "unreachable",
  DatabaseAccessDenied: "unreachable",
  AuthenticationFailed: "unreachable",
  ConnectionClosed: "unreachable",
  TlsConnectionError: "unreachable",
  TooManyConnections: "unreachable",
  SocketTimeout: "busy",
  TransactionWriteConflict: "busy",
  ECONNREFUSED: "unreachable",
  ECONNRESET: "unreachable",
  ETIMEDOUT: "unreachable",
  ENOTFOUND: "unreachable",
  EHOSTUNREACH: "unreachable",
  EPIPE: "unreachable",
  // Prisma's own: cannot reach, timed out, server closed the connection, pool timeout, write conflict.
  P1001: "unreachable",
  P1002: "unreachable",
  P1008: "busy",
  P1017: "unreachable",
  P2024: "busy",
  P2034: "busy",
};

// pg reports a connection lost mid-query or a pool that cannot connect without a code.
const UNREACHABLE_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /Client has encountered a connection error/];

function causeOfCode(code: string): DatabaseFailureCause | null {
  if (code.startsWith("SQLITE_")) return SQLITE_CAUSES.find(([prefix]) => code.startsWith(prefix))?.[1] ?? null;
  if (Object.hasOwn(KIND_CAUSES, code)) return KIND_CAUSES[code] ?? null;
  // A SQLSTATE: five digits or capitals (Prisma's own codes, P1001 and the like, are handled above).
  if (/^[0-9A-Z]{5}$/.test(code)) return POSTGRES_CODES[code] ?? POSTGRES_CLASSES[code.slice(0, 2)] ?? null;
  return null;
}

/** The codes and kinds an error carries: its own, its cause's, and those of a Prisma driver-adapter error. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== "object" || error === null || depth > 3) return [];
  const record = error as { code?: unknown; kind?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  const own = [record.code, record.kind, record.originalCode].filter((value): value is string => typeof value === "string");
  return [...own, ...errorCodes(record.cause, depth + 1), ...errorCodes(record.meta?.driverAdapterError, depth + 1)];
}

/**
 * Whether an error means the database cannot serve requests now (read-only, disk full, gone, locked
 * too long, unreachable), and why; null for everything else (constraint violations, bad SQL, bugs),
 * which are the request's or the code's fault and must not be retried as if the database were down.
 */
export function classifyDatabaseError(error: unknown): DatabaseFailureCause | null {
  if (error instanceof DatabaseUnavailableError) return error.reason;
  for (const code of errorCodes(error)) {
    const cause = causeOfCode(code);
    if (cause) return cause;
  }
  if (typeof error === "object" && error !== null && (error as { name?: unknown }).name === "PrismaClientInitializationError") return "unreachable";
  const message = error instanceof Error ? error.message : "";
  return UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message)) ? "unreachable" : null;
}

/**
 * A description of an error for the server log that carries no request data: Prisma's and the
 * drivers' messages can quote the statement's values (a reader's note, say), so only the error's
 * class and codes are logged, and with `stack` the stack frames (without the message line).
 */
export function describeErrorForLog(error: unknown, options: { stack?: boolean } = {}): string {
  const name = error instanceof Error ? error.name : typeof error;
  const codes = [...new Set(errorCodes(error))];
  const head = codes.length > 0 ? `${name} (${codes.join(", ")})` : name;
  if (!options.stack || !(error instanceof Error) || !error.stack) return head;
  // The stack starts with the message, which a driver may write over several lines quoting the
  // statement's values (a note's text): drop it before keeping the frames.
  const frames = error.stack.replace(`${error.name}: ${error.message}`, "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  return [head, ...frames].join("\n");
}
