/** What every generated row depends on: the number of readers, the PRNG seed and the moment "now". */
export type SeedSpec = { users: number; seed: number; now: Date };

export const SECOND_MS = 1000;
export const DAY_MS = 86_400_000;

/** A DateTime as Prisma's SQLite adapter stores it: ISO text with "+00:00" ("2026-11-29T20:01:55.123+00:00"). */
export function isoTime(ms: number): string {
  return new Date(Math.round(ms)).toISOString().replace("Z", "+00:00");
}

/** The unit tree was set up ~90 days ago, one unit after another. */
export function unitCreatedAt(spec: SeedSpec, unitIndex: number): string {
  return isoTime(spec.now.getTime() - 90 * DAY_MS + unitIndex * 1500);
}
