// Runs before `next build` (npm's prebuild): every study material must load, or the build stops with
// a message naming the file and the field. Pages render per request, so the build itself would not
// read the content.
import path from "node:path";
import { ContentError, loadLibrary } from "../lib/content/loader";
import { getEnv } from "../lib/env";

const dir = path.resolve(process.cwd(), getEnv().CONTENT_DIR);
try {
  const materials = loadLibrary(dir);
  const sections = materials.reduce((n, m) => n + m.sections.length, 0);
  console.log(`Content OK: ${materials.length} material(s), ${sections} section(s) in ${path.relative(process.cwd(), dir) || dir}.`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(`Content error: ${error.message}`);
  process.exit(1);
}
