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
 * What may be logged about an unexpected error: its class, codes and where it was thrown, never its
 * message, which for a database error can quote the statement and its parameters (a note's text, a
 * person's name) and is therefore private.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error thrown (${typeof error})`;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } } };
  const cause = meta?.driverAdapterError?.cause;
  const parts = [error.name];
  for (const value of [code, cause?.kind, cause?.code]) if (typeof value === "string" || typeof value === "number") parts.push(String(value));
  // The stack starts with the message (which may span lines): cut it out, then keep only frames.
  const frames = (error.stack ?? "").replace(error.message, "").split("\n").filter((line) => line.trimStart().startsWith("at ")).slice(0, 5);
  return [parts.join(" "), ...frames].join("\n");
}
