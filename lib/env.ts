import { z } from "zod";
import { DEFAULT_DATABASE_URL, getDatabaseProvider } from "./database-url";

/** Byte lengths of the AES keys Next.js accepts for encrypting server-action closures. */
const AES_KEY_BYTES = [16, 24, 32];

/**
 * Why NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is unusable, or null when it is a base64 AES key. Next.js
 * reads it at build time (embedding it in the build) and at run time (where it takes precedence), so
 * next.config.ts checks it during the build as well.
 */
export function describeServerActionsKeyProblem(value: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) {
    return "must be base64 (A-Z, a-z, 0-9, +, /, = padding), for example the output of `openssl rand -base64 32`";
  }
  const bytes = Buffer.from(value, "base64").length;
  if (!AES_KEY_BYTES.includes(bytes)) return `decodes to ${bytes} bytes; an AES key is 16, 24 or 32 bytes (openssl rand -base64 32)`;
  return null;
}

// The one place that reads process.env: every setting is validated here once, at first use.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => url.startsWith("file:") || /^postgres(ql)?:\/\//.test(url), {
      message: 'must be a SQLite "file:" URL (for example file:./data/portal.db) or a "postgresql://" URL',
    }),
  /** Connections each instance keeps to PostgreSQL (ignored on SQLite). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * How many app instances serve this database. More than one needs PostgreSQL: SQLite is one process
   * on one disk, and the startup check refuses it.
   */
  PORTAL_INSTANCES: z.coerce.number().int().min(1).max(1000).default(1),
  CONTENT_DIR: z.string().trim().min(1).default("content"),
  /** Port the production server listens on when `npm start` is given no `-p` (as `next start`). */
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Build output folder (tests and benchmarks build into their own). */
  NEXT_DIST_DIR: z.string().trim().min(1).default(".next"),
  /** Hours of inactivity after which a session ends. */
  SESSION_IDLE_TIMEOUT_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  /** Days after sign-in after which a session ends however active it is. */
  SESSION_ABSOLUTE_LIFETIME_DAYS: z.coerce.number().positive().max(365).default(7),
  /** "auto": mark the session cookie Secure when the request came over HTTPS (incl. X-Forwarded-Proto). */
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  /** Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /**
   * Key Next.js encrypts server-action closures with (base64 of 16, 24 or 32 bytes). Every instance
   * must use the same one, so it is required when PORTAL_INSTANCES > 1; set it for the build too.
   */
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .superRefine((value, context) => {
      const problem = value === undefined ? null : describeServerActionsKeyProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
  /**
   * Set by the portal's server (lib/server/main.ts, `npm start`): SIGTERM/SIGINT are then left to
   * instrumentation.ts, which drains requests and closes the database before exiting 0. Set it
   * yourself when running `next start` directly; Next.js itself treats any value as set.
   */
  NEXT_MANUAL_SIG_HANDLE: z
    .string()
    .optional()
    .transform((value) => Boolean(value)),
  /**
   * "1" (or "true") lets `npm run db:migrate` create a new, empty SQLite database where this deployment
   * has run before and the file is now missing or empty (lib/setup/deployment-marker.ts); without it,
   * start-up refuses and says how to restore a backup. Set it for one start only.
   */
  PORTAL_FIRST_RUN: z.enum(["", "0", "1", "false", "true"]).default("").transform((v) => v === "1" || v === "true"),
  /** "true" lets anyone read the study materials without signing in. */
  PUBLIC_READING: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
});

const checkedSchema = envSchema.superRefine((env, context) => {
  if (env.PORTAL_INSTANCES > 1 && getDatabaseProvider(env.DATABASE_URL) === "sqlite") {
    context.addIssue({
      code: "custom",
      path: ["PORTAL_INSTANCES"],
      message: `is ${env.PORTAL_INSTANCES}, but SQLite serves one instance only: set DATABASE_URL to a postgresql:// URL to run several`,
    });
  }
  if (env.PORTAL_INSTANCES > 1 && !env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY) {
    context.addIssue({
      code: "custom",
      path: ["NEXT_SERVER_ACTIONS_ENCRYPTION_KEY"],
      message: `is not set, but PORTAL_INSTANCES is ${env.PORTAL_INSTANCES}: every instance must encrypt server actions with the same key. Generate one with \`openssl rand -base64 32\` and set it for \`npm run build\` and on every instance`,
    });
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Returns the validated environment; throws an English error naming each bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = checkedSchema.safeParse(process.env);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new Error(`Invalid environment configuration:\n${details}`);
  }
  cached = parsed.data;
  return cached;
}
