import { spawnSync } from "node:child_process";
import path from "node:path";
import { getDatabaseProvider, type DatabaseProvider } from "../database-url";
import { MigrationError, POSTGRES_MIGRATIONS_DIR, migratePostgres } from "./migrate-postgres";

export type MigrateOptions = { url: string | undefined; log?: (line: string) => void };
export type MigrateResult = { provider: DatabaseProvider; summary: string };

/**
 * Applies the pending migrations to the database DATABASE_URL names, with the tool that works for it
 * offline: SQLite through `prisma migrate deploy` (prisma.config.ts opens `file:` URLs only), and
 * PostgreSQL through the project's applier (Prisma 6.19's WebAssembly engine cannot migrate it).
 * Throws an English error naming the problem; a URL that is neither is refused before anything runs.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<MigrateResult> {
  const provider = getDatabaseProvider(options.url);
  if (provider === "postgresql") {
    const result = await migratePostgres({ connectionString: options.url ?? "", dir: POSTGRES_MIGRATIONS_DIR, log: options.log }).catch(
      (error: unknown) => {
        if (error instanceof MigrationError) throw error;
        // Connection problems (refused, unknown host, no such database, bad password) name the server.
        throw new Error(`cannot migrate PostgreSQL at ${describePostgresUrl(options.url ?? "")}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      },
    );
    const summary =
      result.applied.length > 0
        ? `Applied ${result.applied.length} PostgreSQL migration(s); ${result.upToDate.length} were already applied.`
        : `PostgreSQL database is up to date (${result.upToDate.length} migration(s) applied).`;
    return { provider, summary };
  }
  return { provider, summary: deploySqlite(options.url, options.log) };
}

/** host:port/database of a postgresql:// URL, without the user or password, for error messages. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || "localhost"}:${parsed.port || "5432"}${parsed.pathname || "/"}`;
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

function deploySqlite(url: string | undefined, log: (line: string) => void = () => {}): string {
  // The project's own CLI, not whatever `npx` would find or fetch.
  const cli = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");
  const env = { ...process.env, ...(url ? { DATABASE_URL: url } : {}) };
  const run = spawnSync(process.execPath, [cli, "migrate", "deploy"], { env, encoding: "utf8" });
  if (run.error) throw new Error(`could not run the Prisma CLI (${cli}): ${run.error.message}`);
  const output = `${run.stdout}${run.stderr}`.trim();
  if (run.status !== 0) throw new Error(`prisma migrate deploy failed (exit ${run.status}):\n${output}`);
  for (const line of output.split("\n")) if (line.trim()) log(line);
  return output.includes("No pending migrations") ? "SQLite database is up to date." : "SQLite migrations applied.";
}
