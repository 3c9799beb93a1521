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
