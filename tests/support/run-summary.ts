/**
 * The last lines of a test run: which suites (vitest projects) ran and how they ended, and which
 * PostgreSQL server and browser they ran against (found on the machine, or provided from the npm
 * registry). A suite whose service was missing shows up here as failed, with the reason, instead of
 * the whole run stopping with nothing said.
 */
import type { Reporter, TestModule } from "vitest/node";

type Services = Map<string, string>;
const shared = globalThis as typeof globalThis & { __portalTestServices?: Services };

/** Called by the global setups (vitest's main process, like the reporter) when they know what they use. */
export function recordService(name: string, description: string): void {
  shared.__portalTestServices ??= new Map();
  shared.__portalTestServices.set(name, description);
}

type Counts = { files: number; passed: number; failed: number; skipped: number; notes: string[] };

/** Per project: files, and tests passed / failed / skipped, in the order the projects first appear. */
export function countByProject(modules: ReadonlyArray<TestModule>): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const module of modules) {
    const name = module.project.name || "(default)";
    const entry = counts.get(name) ?? { files: 0, passed: 0, failed: 0, skipped: 0, notes: [] };
    entry.files += 1;
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === "passed") entry.passed += 1;
      else if (state === "failed") failedHere += 1;
      else {
        entry.skipped += 1;
        // A test that skipped itself for want of a tool says which, and how to install it.
        const result = test.result();
        if (result.state === "skipped" && result.note) entry.notes.push(`${test.fullName}: ${result.note}`);
      }
    }
    // A file that failed outside its tests (a setup hook threw, e.g. its server is missing) counts as one failure.
    entry.failed += module.state() === "failed" && failedHere === 0 ? 1 : failedHere;
    counts.set(name, entry);
  }
  return counts;
}

export default class RunSummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines = ["", "Run summary"];
    for (const [name, { files, passed, failed, skipped, notes }] of countByProject(modules)) {
      const parts = [`${passed} passed`, failed ? `${failed} failed` : "", skipped ? `${skipped} skipped` : ""].filter(Boolean);
      lines.push(`  suite ${name}: ${files} file${files === 1 ? "" : "s"}, ${parts.join(", ")}`);
      for (const note of notes) lines.push(`    skipped: ${note}`);
    }
    for (const [name, description] of shared.__portalTestServices ?? []) lines.push(`  ${name}: ${description}`);
    console.log(lines.join("\n"));
  }
}
