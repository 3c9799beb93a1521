// Runs before `next build` (npm's prebuild): every study material must load, or the build stops with
// a message naming the file and the field. Pages render per request, so the build itself would not
// read the content.
import path from "node:path";
import { ContentError, loadLibrary } from "../lib/content/loader";
import { getEnv } from "../lib/env";
import { loadQuizBank } from "../lib/quiz/bank";

const dir = path.resolve(process.cwd(), getEnv().CONTENT_DIR);
try {
  const materials = loadLibrary(dir);
  const sections = materials.reduce((n, m) => n + m.sections.length, 0);
  console.log(`Content OK: ${materials.length} material(s), ${sections} section(s) in ${path.relative(process.cwd(), dir) || dir}.`);
  // Self-tests (quiz.md): a bad file stops the build; a question whose quote left its section is
  // flagged 需复核 (left out of tests) and only reported here.
  for (const material of materials) {
    const bank = loadQuizBank(path.join(dir, material.slug), material);
    if (!bank) continue;
    const review = bank.questions.filter((q) => q.needsReview).map((q) => q.id);
    console.log(`Quiz OK: ${material.slug}, ${bank.questions.length} question(s)${review.length ? `; 需复核 (quote not in its section): ${review.join(", ")}` : ""}.`);
  }
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(`Content error: ${error.message}`);
  process.exit(1);
}
