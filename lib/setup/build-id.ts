import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** What Next.js may use as a build id: it becomes a URL path segment (/_next/static/<id>/). */
const BUILD_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export type BuildIdOptions = {
  /** PORTAL_BUILD_ID, when the deployment names its builds itself. */
  override?: string;
  /** The project folder (holds .git, package.json and package-lock.json). */
  root: string;
};

function readGitCommit(root: string): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--verify", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return /^[0-9a-f]{40}$/.test(commit) ? commit : null;
  } catch {
    return null; // no git on the build machine, or a source tarball without .git
  }
}

function hashManifests(root: string): string {
  const hash = createHash("sha256");
  for (const file of ["package.json", "package-lock.json"]) {
    // Read at build time only (next.config.ts, the service worker's route): nothing to trace.
    const full = path.join(/*turbopackIgnore: true*/ root, file);
    hash.update(`${file}\0`);
    if (fs.existsSync(/*turbopackIgnore: true*/ full)) hash.update(fs.readFileSync(/*turbopackIgnore: true*/ full));
  }
  return `pkg-${hash.digest("hex").slice(0, 32)}`;
}

/**
 * The build id Next.js stamps on a build: the same on every machine that builds the same source, so
 * instances built separately still agree. PORTAL_BUILD_ID if given, else the git commit, else a hash
 * of package.json and package-lock.json (the version and dependencies).
 */
export function getBuildId(options: BuildIdOptions): string {
  const override = options.override?.trim();
  if (override) {
    if (!BUILD_ID_PATTERN.test(override)) {
      throw new Error(`PORTAL_BUILD_ID must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-" (it becomes part of asset URLs), got "${override}"`);
    }
    return override;
  }
  return readGitCommit(options.root) ?? hashManifests(options.root);
}
