import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, classifyDatabaseError, describeErrorForLog } from "@/lib/db-errors";

/** Errors shaped as the drivers and Prisma 6.19's adapters throw them (seen on a read-only database). */
function sqliteError(code: string, message: string) {
  return Object.assign(new Error(message), { name: "SqliteError", code });
}
function prismaKnown(code: string, meta?: unknown) {
  return Object.assign(new Error("\nInvalid `prisma.note.create()` invocation: …"), { name: "PrismaClientKnownRequestError", code, meta });
}

describe("classifyDatabaseError", () => {
  it("names the cause of a database that refuses writes, whichever layer reports it", () => {
    expect(classifyDatabaseError(sqliteError("SQLITE_READONLY", "attempt to write a readonly database"))).toBe("read_only");
    expect(classifyDatabaseError(prismaKnown("SQLITE_READONLY", { modelName: "Note" }))).toBe("read_only");
    expect(classifyDatabaseError(sqliteError("SQLITE_FULL", "database or disk is full"))).toBe("disk_full");
    expect(classifyDatabaseError(sqliteError("SQLITE_IOERR_WRITE", "disk I/O error"))).toBe("io_error");
    expect(classifyDatabaseError(sqliteError("SQLITE_READONLY_DBMOVED", "attempt to write a readonly database"))).toBe("file_replaced");
    expect(classifyDatabaseError(sqliteError("SQLITE_BUSY", "database is locked"))).toBe("busy");
    // PostgreSQL: pg's DatabaseError, Prisma's raw-query error, and the adapter's DriverAdapterError.
    expect(classifyDatabaseError(Object.assign(new Error("cannot execute UPDATE in a read-only transaction"), { code: "25006" }))).toBe("read_only");
    expect(classifyDatabaseError(prismaKnown("P2010", { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "53100" } } }))).toBe("disk_full");
    expect(classifyDatabaseError(Object.assign(new Error("x"), { name: "DriverAdapterError", cause: { kind: "postgres", code: "57P01" } }))).toBe("unreachable");
    expect(classifyDatabaseError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe("unreachable");
    expect(classifyDatabaseError(new Error("Connection terminated unexpectedly"))).toBe("unreachable");
    expect(classifyDatabaseError(new DatabaseUnavailableError("file_missing"))).toBe("file_missing");
  });

  it("leaves the request's and the code's own faults alone: they are not retried as an outage", () => {
    expect(classifyDatabaseError(prismaKnown("P2002", { target: ["account"] }))).toBeNull();
    expect(classifyDatabaseError(sqliteError("SQLITE_CONSTRAINT_FOREIGNKEY", "FOREIGN KEY constraint failed"))).toBeNull();
    expect(classifyDatabaseError(Object.assign(new Error("syntax error"), { code: "42601" }))).toBeNull();
    expect(classifyDatabaseError(new TypeError("cannot read properties of undefined"))).toBeNull();
  });
});

describe("describeErrorForLog", () => {
  it("gives the class and codes, never the message that may quote a reader's text", () => {
    const error = prismaKnown("P2010", { driverAdapterError: { cause: { kind: "postgres", code: "25006", message: "私人笔记" } } });
    const line = describeErrorForLog(error, { stack: true });
    expect(line.split("\n")[0]).toBe("PrismaClientKnownRequestError (P2010, 25006, postgres)");
    expect(line).not.toContain("私人笔记");
    expect(line).not.toContain("invocation");
  });

  it("keeps no line of a multi-line message, even one that reads like a stack frame", () => {
    const error = new Error('insert failed: values ("第一行私人笔记\n    at 私人笔记第二行")');
    const line = describeErrorForLog(error, { stack: true });
    expect(line).not.toContain("私人笔记");
    expect(line).toMatch(/\n\s+at /);
  });
});
