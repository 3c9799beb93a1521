import fs from "node:fs";
import path from "node:path";
import { getEnv } from "../env";
import { MATERIAL_FILE } from "./loader";

// For proxy.ts, which sends the /materials/ addresses of published materials to their per-request
// pages (app/published/): which slugs are content/ folders, read once per process from the folder
// names alone (the build has already validated the files).

let builtInSlugs: Set<string> | undefined;

function readBuiltInSlugs(): Set<string> {
  const root = path.resolve(/* turbopackIgnore: true */ process.cwd(), getEnv().CONTENT_DIR);
  const entries = fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }) : [];
  return new Set(entries.filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, MATERIAL_FILE))).map((e) => e.name));
}

const MATERIAL_ADDRESS = /^\/materials\/([^/]+)(\/[^/]+)?\/?$/;

/**
 * Where Next renders a /materials/ address: null for a content/ material (prerendered, and 404s
 * for its unknown sections) or anything else, else the published page's path under /published/.
 */
export function getPublishedPagePath(pathname: string): string | null {
  const match = MATERIAL_ADDRESS.exec(pathname);
  if (!match) return null;
  builtInSlugs ??= readBuiltInSlugs();
  const [, slug = "", section = ""] = match;
  // The self-test page (app/materials/[material]/test) serves both kinds of material, per request and
  // per reader: never rewritten, and never a page the lean path may keep a copy of.
  if (section === "/test") return null;
  return builtInSlugs.has(slug) ? null : `/published/${slug}${section}`;
}
