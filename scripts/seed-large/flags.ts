import { parseArgs } from "node:util";
import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../lib/auth/password-policy";
import { SeedLargeError } from "./database";

export const MAX_USERS = 2_000_000;
export const DEFAULT_PASSWORD = "Large-Seed-2026";
export const USAGE = `usage: npm run seed:large -- [--users N] [--seed S] [--password P]

Fills the empty, migrated database named by DATABASE_URL (default file:./data/portal.db; SQLite or
PostgreSQL) with a province (省委 → 市委 → 县委 → departments → branches), N readers r0000001… (plus the system
administrator large-admin and one unit administrator per city, admin-c01…) and their progress in
deep-poverty-speech. The same seed gives the same units, accounts and progress (dates are
placed relative to the time of the run).

  --users N      readers to create, 1 to ${MAX_USERS.toLocaleString("en-US")} (default 100000)
  --seed S       PRNG seed, a whole number 0 to 4294967295 (default 1)
  --password P   password of every account, ${PASSWORD_MIN}–${PASSWORD_MAX} characters (default ${DEFAULT_PASSWORD})
  --help         print this text

example:
  DATABASE_URL=file:./data/large.db npx prisma migrate deploy
  DATABASE_URL=file:./data/large.db npm run seed:large -- --users 100000

PostgreSQL (an empty database with the PostgreSQL migrations applied; same rows, written set-based):
  createdb -h 127.0.0.1 -U postgres portal_large
  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_large npm run db:migrate:pg
  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_large npm run seed:large -- --users 100000`;

const wholeNumber = (flag: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${flag} must be a whole number from ${min} to ${max.toLocaleString("en-US")}`)
    .transform(Number)
    .pipe(z.number().min(min, `${flag} must be at least ${min}`).max(max, `${flag} must be at most ${max.toLocaleString("en-US")}`));

const flagsSchema = z.object({
  users: wholeNumber("--users", 1, MAX_USERS).default(100_000),
  seed: wholeNumber("--seed", 0, 4_294_967_295).default(1),
  password: z
    .string()
    .min(PASSWORD_MIN, `--password must be at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `--password must be at most ${PASSWORD_MAX} characters`)
    .default(DEFAULT_PASSWORD),
  help: z.boolean().default(false),
});

export type SeedLargeFlags = z.infer<typeof flagsSchema>;

/** Validates the command line; a bad flag throws a SeedLargeError naming it. */
export function parseFlags(argv: string[]): SeedLargeFlags {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { users: { type: "string" }, seed: { type: "string" }, password: { type: "string" }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new SeedLargeError(`${(error as Error).message}\nRun with --help for usage.`);
  }
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) throw new SeedLargeError(`${parsed.error.issues.map((issue) => issue.message).join("\n")}\nRun with --help for usage.`);
  return parsed.data;
}
