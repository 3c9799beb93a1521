// `npm run material:import -- <file> --slug <slug> [--out <dir>] [--title <title>] [--description <text>]
//   [--order <n>] [--keep-junk]`
// Turns a .docx, .txt or .md file into a content/<slug>/ folder (or <dir>/<slug>/), in the format the
// build loads, then loads it with the real loader to prove it. Nothing is written if anything fails.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import matter from "gray-matter";
import { ContentError, loadMaterial, MATERIAL_FILE } from "../lib/content/loader";
import { getEnv } from "../lib/env";
import { importMaterial, MaterialImportError, renderContentFolder } from "../lib/materials/import";
import { checkSlugAvailable, writeContentFolder } from "../lib/materials/import/write-folder";

const USAGE =
  "usage: npm run material:import -- <file.docx|.txt|.md> --slug <slug> [--out <dir>] [--title <title>] [--description <text>] [--order <n>] [--keep-junk]";

/** One more than the highest `order` among the materials already in `root`, so the new one comes last. */
function nextOrder(root: string): number {
  if (!fs.existsSync(root)) return 1;
  let highest = 0;
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const file = path.join(root, entry.name, MATERIAL_FILE);
    if (!entry.isDirectory() || !fs.existsSync(file)) continue;
    try {
      const order = matter(fs.readFileSync(file, "utf8")).data.order;
      if (typeof order === "number") highest = Math.max(highest, order);
    } catch {
      // A broken neighbour is the build's to report (check-content), not a reason to refuse this one.
    }
  }
  return highest + 1;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      slug: { type: "string" },
      out: { type: "string" },
      title: { type: "string" },
      description: { type: "string" },
      order: { type: "string" },
      "keep-junk": { type: "boolean" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  const order = values.order === undefined ? undefined : Number(values.order);
  if (values.help || !file || positionals.length > 1 || !values.slug || (order !== undefined && !(Number.isInteger(order) && order >= 0))) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const root = path.resolve(values.out ?? getEnv().CONTENT_DIR);
  checkSlugAvailable(root, values.slug); // before reading the file: a taken slug is the cheaper mistake

  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    console.error(`material:import: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    process.exit(1);
  }
  const material = await importMaterial({ kind: "file", fileName: file, bytes }, { title: values.title, description: values.description });
  const dropFlagged = values["keep-junk"] ? [] : (["junk"] as const);
  const files = renderContentFolder(material, { order: order ?? nextOrder(root), dropFlagged: [...dropFlagged] });
  const dir = writeContentFolder(root, values.slug, files);
  try {
    const loaded = loadMaterial(dir);
    const shown = path.relative(process.cwd(), dir);
    console.log(`Wrote ${shown.startsWith("..") ? dir : shown}: "${loaded.title}", ${loaded.sections.length} section(s):`);
    for (const section of loaded.sections) console.log(`  ${section.slug}.md  ${section.title} (${section.paragraphs.length} paragraph(s))`);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const junk = material.sections.flatMap((section) => section.paragraphs).filter((p) => p.flags.includes("junk")).length;
  for (const warning of material.warnings) {
    if (warning.code === "junk-flagged" && !values["keep-junk"]) {
      console.log(`Note: left out ${junk} paragraph(s) that look like web-page leftovers (paywall, share prompts); --keep-junk keeps them.`);
    } else {
      console.log(`Note: ${warning.englishMessage}`);
    }
  }
}

main().catch((error: unknown) => {
  if (error instanceof MaterialImportError) {
    console.error(`material:import: ${error.englishMessage} [${error.code}]`);
  } else if (error instanceof ContentError) {
    console.error(`material:import: the written folder does not load (${error.message}); nothing was kept.`);
  } else {
    console.error(`material:import failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
