import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Material } from "../content";
import { getEnv } from "../env";
import { materialHref, sectionHref } from "../routes";

/**
 * What a browser needs to keep a material for offline reading (lib/offline/downloads.ts): the pages
 * to fetch, and a revision that changes whenever any of those pages would change, so a copy on a
 * reader's device is replaced on their next online visit (issue 18) and never expires by age.
 */
export type OfflineMaterial = { slug: string; title: string; revision: string; paths: string[] };

let buildId: string | undefined;

/**
 * The id of the build this process serves (Next writes it to the dist dir). A cached page names its
 * build's script files, so a new release changes every revision: the copies are fetched again with
 * the scripts the new service worker precaches.
 */
export function getRunningBuildId(): string {
  if (buildId === undefined) {
    try {
      buildId = fs.readFileSync(path.join(process.cwd(), getEnv().NEXT_DIST_DIR, "BUILD_ID"), "utf8").trim();
    } catch {
      buildId = "development";
    }
  }
  return buildId;
}

/** The material's pages and their revision: the build, the title, and each section's title and text version. */
export function describeForOffline(material: Material, build: string = getRunningBuildId()): OfflineMaterial {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([build, material.slug, material.title, material.description, material.sections.map((s) => [s.slug, s.title, s.version])]));
  return {
    slug: material.slug,
    title: material.title,
    revision: hash.digest("base64url").slice(0, 22),
    paths: [materialHref(material.slug), ...material.sections.map((s) => sectionHref(material.slug, s.slug))],
  };
}
