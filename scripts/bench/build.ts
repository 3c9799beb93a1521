import fs from "node:fs";
import path from "node:path";
import { ROOT, runStep, type Env } from "./processes";

export type BuildOptions = { distDir: string; databaseUrl: string; logFile: string };

/** Builds the app into its own dist dir, with browser source maps so chunks can be attributed. */
export async function buildApp(options: BuildOptions): Promise<void> {
  // A stray NODE_ENV (e.g. "test") makes `next build` warn and behave differently; let Next choose.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "NODE_ENV"));
  const env: Env = {
    ...inherited,
    NEXT_DIST_DIR: options.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    // Read by next.config.ts (productionBrowserSourceMaps); weight.ts needs the maps.
    BENCH_SOURCEMAPS: "1",
    DATABASE_URL: options.databaseUrl,
  };
  const restore = snapshotNextSideEffects(options.distDir);
  try {
    await runStep("prisma generate", "npx", ["--no-install", "prisma", "generate"], env, options.logFile);
    await runStep("next build", "npx", ["--no-install", "next", "build"], env, options.logFile);
  } finally {
    restore();
  }
}

/** True when a previous build in `distDir` can be reused by --no-build. */
export function hasBuild(distDir: string): boolean {
  return fs.existsSync(path.join(ROOT, distDir, "BUILD_ID"));
}

/** Gives the bench a fresh SQLite file with every migration applied. */
export async function migrateDatabase(databaseUrl: string, logFile: string): Promise<void> {
  const file = path.resolve(ROOT, databaseUrl.replace(/^file:/, ""));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  await runStep("prisma migrate deploy", "npx", ["--no-install", "prisma", "migrate", "deploy"], env, logFile);
  // The demo accounts, so the bench can read as a signed-in reader does in production.
  await runStep("db:seed-demo", "npm", ["run", "--silent", "db:seed-demo"], env, logFile);
}

/**
 * `next build` adds its dist dir's type globs to tsconfig.json and points next-env.d.ts at its
 * dist dir. Those files are not the build's (bench or e2e), so both edits are undone; only our own additions are
 * removed, so a concurrent human edit or another tool's build (e2e) is never clobbered.
 */
export function snapshotNextSideEffects(distDir: string): () => void {
  const tsconfigFile = path.join(ROOT, "tsconfig.json");
  const envFile = path.join(ROOT, "next-env.d.ts");
  const tsconfigBefore = fs.readFileSync(tsconfigFile, "utf8");
  const envBefore = fs.existsSync(envFile) ? fs.readFileSync(envFile, "utf8") : undefined;
  return () => {
    const cleaned = removeAddedIncludes(tsconfigBefore, fs.readFileSync(tsconfigFile, "utf8"), distDir);
    if (cleaned !== undefined) fs.writeFileSync(tsconfigFile, cleaned);
    if (envBefore !== undefined && fs.existsSync(envFile)) {
      const envAfter = fs.readFileSync(envFile, "utf8");
      if (envAfter !== envBefore && envAfter.includes(`./${distDir}/`)) fs.writeFileSync(envFile, envBefore);
    }
  };
}

// Returns tsconfig.json without the include entries this build added, or undefined to leave it be.
// Line-based rather than JSON.parse: tsconfig.json is JSONC (comments, trailing commas) and
// Next writes one include entry per line.
function removeAddedIncludes(before: string, after: string, distDir: string): string | undefined {
  const isOurs = (line: string) => {
    const entry = line.trim().replace(/,$/, "");
    return entry.startsWith(`"${distDir}/`) && !before.includes(entry);
  };
  const lines = after.split("\n");
  if (!lines.some(isOurs)) return undefined;
  const stripped = lines.filter((line) => !isOurs(line)).join("\n");
  // Same as before apart from commas and layout: put the original bytes back exactly.
  return normalizeJsonc(stripped) === normalizeJsonc(before) ? before : stripped;
}

function normalizeJsonc(text: string): string {
  return text.replace(/,(\s*[\]}])/g, "$1").replace(/\s+/g, "");
}
