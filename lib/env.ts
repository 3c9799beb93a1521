import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./database-url";

// The one place that reads process.env: every setting is validated here once, at first use.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => url.startsWith("file:"), {
      message: 'must be a SQLite "file:" URL (for example file:./data/portal.db)',
    }),
  CONTENT_DIR: z.string().trim().min(1).default("content"),
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
  /** "true" lets anyone read the study materials without signing in. */
  PUBLIC_READING: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Returns the validated environment; throws an English error naming each bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new Error(`Invalid environment configuration:\n${details}`);
  }
  cached = parsed.data;
  return cached;
}
