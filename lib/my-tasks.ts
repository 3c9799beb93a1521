import "server-only";
import { getMaterial } from "./content";
import { estimateReadingLeft } from "./content/reading-time";
import { Prisma } from "./generated/prisma/client";
import { getMyMaterialProgress } from "./progress/read";
import { getChinaDay } from "./china-time";
import { ancestorOrSelfCondition } from "./reports/scope";
import { queryRows } from "./sql";

export type MyTask = {
  assignmentId: number;
  materialSlug: string;
  materialTitle: string;
  startDate: string;
  dueDate: string;
  pastDue: boolean;
  done: boolean;
  sectionsTotal: number;
  /** Sections not done yet. */
  sectionsLeft: Array<{ slug: string; title: string }>;
  /** Characters not read yet and their reading minutes: the one estimate (lib/content/reading-time.ts). */
  charsLeft: number;
  minutesLeft: number;
  /** False until the reader has opened any section of it: the button then says 开始学习. */
  started: boolean;
  continueHref: string | null;
  /** The latest reminder from an administrator, shown until the material is done. */
  reminder: { day: string } | null;
  /** 需通过测试: the assignment requires passing the self-test, and whether the reader has. */
  test: { required: boolean; passed: boolean };
};

/**
 * The signed-in reader's own assignments: materials assigned to their unit or a unit above it, with
 * their due dates, what is left and any reminder. Nothing here is about anyone else.
 */
export async function listMyTasks(user: { id: number; unitPath: string }, now = new Date()): Promise<MyTask[]> {
  const today = getChinaDay(now);
  const rows = await queryRows<{ id: number; materialSlug: string; startDate: string; dueDate: string; reminderDay: string | null; requirePass: boolean | number; passedAt: unknown }>(Prisma.sql`
    SELECT a."id", a."materialSlug", a."startDate", a."dueDate", a."requirePass",
           (SELECT MAX(r."day") FROM "Reminder" r WHERE r."assignmentId" = a."id" AND r."userId" = ${user.id}) AS "reminderDay",
           (SELECT m."passedAt" FROM "ReaderMaterial" m WHERE m."userId" = ${user.id} AND m."materialSlug" = a."materialSlug") AS "passedAt"
    FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
    WHERE ${ancestorOrSelfCondition(Prisma.sql`u."path"`, user.unitPath)}
    ORDER BY a."dueDate", a."id"`);
  const tasks: MyTask[] = [];
  for (const row of rows) {
    const material = getMaterial(row.materialSlug);
    const progress = await getMyMaterialProgress(user, row.materialSlug);
    // A material taken out of the content or archived: its assignment is closed, nothing to read.
    if (!material || !progress) continue;
    const left = progress.sections.filter((s) => s.state !== "done");
    const estimate = estimateReadingLeft(
      left.map((s) => ({ chars: material.sections.find((candidate) => candidate.slug === s.slug)?.chars ?? 0, percentRead: s.percent })),
    );
    // Done as every report counts it: read in full and, where the assignment requires it, passed.
    const test = { required: Boolean(row.requirePass), passed: row.passedAt !== null };
    const done = left.length === 0 && (!test.required || test.passed);
    tasks.push({
      assignmentId: row.id,
      materialSlug: material.slug,
      materialTitle: material.title,
      startDate: row.startDate,
      dueDate: row.dueDate,
      pastDue: !done && today > row.dueDate,
      done,
      sectionsTotal: material.sections.length,
      sectionsLeft: left.map((s) => ({ slug: s.slug, title: s.title })),
      charsLeft: estimate.chars,
      minutesLeft: estimate.minutes,
      started: progress.sections.some((s) => s.state !== "unread"),
      continueHref: progress.continueHref,
      reminder: !done && row.reminderDay ? { day: row.reminderDay } : null,
      test,
    });
  }
  return tasks;
}
