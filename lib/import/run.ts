import "server-only";
import { availableParallelism } from "node:os";
import { writeAudit } from "../audit";
import { generateOneTimePassword, hashPassword } from "../auth/password";
import { ROLE_LABELS, canAdministerAccountAt, type Actor } from "../auth/permissions";
import { getDb } from "../db";
import { describeErrorForLog } from "../db-errors";
import type { CreatedAccount, ImportPhase, RowError } from "./protocol";
import { findExistingAccounts, type ImportRecord } from "./validate";
import { Prisma } from "../generated/prisma/client";
import { dialect } from "../sql";

type AuditActor = Actor & { account: string };

export type ImportOptions = {
  fileName: string;
  ip?: string;
  onProgress?: (progress: { phase: ImportPhase; done: number; total: number }) => void;
  /** Aborting before the write (the browser went away) writes nothing. */
  signal?: AbortSignal;
};

export type ImportOutcome = { ok: true; created: number; accounts: CreatedAccount[] } | { ok: false; errors: RowError[] };

// argon2id is CPU-bound and runs on libuv's thread pool (4 threads): more hashes at once than cores
// only adds waiting, and would leave no pool thread for sign-ins. The limit is shared by every import
// running in this process, so two imports at once take turns instead of doubling the load.
const HASH_SLOTS = Math.max(1, Math.min(4, availableParallelism()));
let freeSlots = HASH_SLOTS;
const waiting: Array<() => void> = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (freeSlots > 0) freeSlots--;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else freeSlots++;
  }
}

export class ImportAbortedError extends Error {
  constructor() {
    super("import aborted before anything was written");
    this.name = "ImportAbortedError";
  }
}

/** Hashes one password per record, HASH_SLOTS at a time, reporting about every 1 %. */
async function hashAll(passwords: string[], options: ImportOptions): Promise<string[]> {
  const total = passwords.length;
  const step = Math.max(1, Math.floor(total / 100));
  const hashes = new Array<string>(total);
  let next = 0;
  let done = 0;
  options.onProgress?.({ phase: "hash", done: 0, total });
  const worker = async () => {
    while (next < total) {
      if (options.signal?.aborted) throw new ImportAbortedError();
      const index = next++;
      hashes[index] = await withHashSlot(() => hashPassword(passwords[index] ?? ""));
      done++;
      if (done % step === 0 || done === total) options.onProgress?.({ phase: "hash", done, total });
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_SLOTS, total) }, worker));
  return hashes;
}

/** Rows whose unit the actor no longer administers (moved or removed while the passwords were hashed). */
async function recheckPermissions(actor: Actor, records: ImportRecord[]): Promise<RowError[]> {
  const db = await getDb();
  const unitIds = [...new Set(records.map((r) => r.unitId))];
  const units = await db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, path: true } });
  const paths = new Map(units.map((u) => [u.id, u.path]));
  const allowed = (r: ImportRecord) => {
    const unitPath = paths.get(r.unitId);
    return unitPath !== undefined && canAdministerAccountAt(actor, { role: r.role, unitPath });
  };
  return records
    .filter((r) => !allowed(r))
    .map((r) => ({ rowNumber: r.rowNumber, message: `单位“${r.unitLabel}”在导入过程中发生了变化或已不在您的管理范围内，请重新导入` }));
}

function driverErrorKind(error: unknown): string | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } } | null)?.meta;
  const kind = meta?.driverAdapterError?.cause?.kind;
  return typeof kind === "string" ? kind : undefined;
}

/**
 * Inserts every account in ONE SQL statement, so that the import is all-or-nothing without opening a
 * transaction. (Prisma's createMany splits large inserts into 999-parameter chunks inside BEGIN…COMMIT
 * on the single shared SQLite connection, where other requests' queries could run and be rolled back
 * with it.) The rows travel as one JSON parameter and are unpacked by SQLite's json_each (PostgreSQL:
 * json_to_recordset).
 */
async function insertAllOrNothing(records: ImportRecord[], hashes: string[]): Promise<number> {
  const db = await getDb();
  const now = new Date();
  const rows = JSON.stringify(records.map((r, i) => ({ a: r.account, n: r.name, u: r.unitId, r: r.role, h: hashes[i] })));
  if (dialect() === "postgresql") {
    // Through Prisma as on SQLite, so a constraint violation has the same shape (driverErrorKind).
    return db.$executeRaw(Prisma.sql`
      INSERT INTO "User" ("account", "name", "unitId", "role", "passwordHash", "mustChangePassword", "disabled", "createdAt", "updatedAt")
      SELECT x.a, x.n, x.u, x.r::"Role", x.h, true, false, ${now}::timestamp(3), ${now}::timestamp(3)
      FROM json_to_recordset(${rows}::json) AS x(a text, n text, u integer, r text, h text)`);
  }
  return db.$executeRaw`
    INSERT INTO "User" ("account", "name", "unitId", "role", "passwordHash", "mustChangePassword", "disabled", "createdAt", "updatedAt")
    SELECT json_extract(value, '$.a'), json_extract(value, '$.n'), json_extract(value, '$.u'), json_extract(value, '$.r'), json_extract(value, '$.h'), 1, 0, ${now}, ${now}
    FROM json_each(${rows})`;
}

/**
 * Creates the validated accounts: a one-time password each (returned once, stored only as an argon2id
 * hash), every account marked to choose a new password at first sign-in, all written at once, one
 * audit entry. Nothing is written when any account was created by someone else in the meantime.
 */
export async function importAccounts(actor: AuditActor, records: ImportRecord[], options: ImportOptions): Promise<ImportOutcome> {
  if (records.length === 0) return { ok: false, errors: [{ rowNumber: 0, message: "文件中没有要导入的账号" }] };
  const passwords = records.map(() => generateOneTimePassword());
  const hashes = await hashAll(passwords, options);

  options.onProgress?.({ phase: "write", done: 0, total: records.length });
  const changed = await recheckPermissions(actor, records);
  if (changed.length > 0) return { ok: false, errors: changed };
  if (options.signal?.aborted) throw new ImportAbortedError();
  try {
    await insertAllOrNothing(records, hashes);
  } catch (error) {
    const kind = driverErrorKind(error);
    if (kind === "UniqueConstraintViolation") {
      const existing = await findExistingAccounts(records.map((r) => r.account));
      const errors = records.filter((r) => existing.has(r.account)).map((r) => ({ rowNumber: r.rowNumber, message: `账号“${r.account}”已存在（在导入过程中被其他人创建），本次没有导入任何账号，请修改后重新导入` }));
      return { ok: false, errors: errors.length ? errors : [{ rowNumber: 0, message: "有账号在导入过程中被其他人创建，本次没有导入任何账号，请重新导入" }] };
    }
    if (kind === "ForeignKeyConstraintViolation") return { ok: false, errors: [{ rowNumber: 0, message: "有单位在导入过程中被删除，本次没有导入任何账号，请重新导入" }] };
    throw error;
  }
  options.onProgress?.({ phase: "write", done: records.length, total: records.length });

  try {
    await writeAudit({
      action: "import.accounts",
      actor,
      targetType: "import",
      ip: options.ip,
      detail: { count: records.length, fileName: options.fileName.slice(0, 200), units: new Set(records.map((r) => r.unitId)).size },
    });
  } catch (error) {
    // The accounts exist: failing now would lose their one-time passwords, so log loudly and go on.
    console.error(`[import] audit entry for ${records.length} imported accounts by ${actor.account} could not be written: ${describeErrorForLog(error, { stack: true })}`);
  }
  return {
    ok: true,
    created: records.length,
    accounts: records.map((r, i) => ({ name: r.name, account: r.account, unit: r.unitLabel, role: ROLE_LABELS[r.role], oneTimePassword: passwords[i] ?? "" })),
  };
}
