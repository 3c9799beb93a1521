import "server-only";
import type { Actor } from "../auth/permissions";
import { getMaterial } from "../content";
import { Prisma } from "../generated/prisma/client";
import { queryRows } from "../sql";
import { getChinaDay } from "../china-time";
import { ancestorOrSelfCondition, getReportBreadcrumbs, getReportUnit, type ReportUnit } from "./scope";

/** Completion figures of a group of counted readers (active readers: role 学员, not disabled). */
export type Figures = {
  headcount: number;
  /** Completed every section of the material. */
  completed: number;
  /** Started at least one section, not completed. */
  inProgress: number;
  notStarted: number;
  /** Not completed although the due day has passed; null when no due day applies. */
  overdue: number | null;
};

export type EffectiveAssignment = { id: number; unitId: number; unitName: string; startDate: string; dueDate: string; pastDue: boolean; requirePass: boolean };

export type Dashboard = {
  unit: ReportUnit;
  breadcrumbs: Array<{ id: number; name: string }>;
  material: { slug: string; title: string };
  assignment: EffectiveAssignment | null;
  today: string;
  figures: Figures;
  sections: Array<{ slug: string; title: string; started: number; completed: number }>;
  /** Readers directly in the unit (not in a sub-unit); null when there are none. */
  direct: Figures | null;
  subUnits: Array<{ id: number; name: string; code: string; figures: Figures }>;
  /** Cumulative completers by the end of each day, from the start day (or first completion) to today. */
  timeline: Array<{ day: string; completed: number }>;
};

/** The dashboard's statements have fixed texts: prepared once per PostgreSQL connection (lib/sql.ts). */
const FIXED = { prepared: true } as const;

type CountRow = { headcount: number | null; started: number | null; completed: number | null };

export function toFigures(row: CountRow, pastDue: boolean | null): Figures {
  const headcount = row.headcount ?? 0;
  const started = row.started ?? 0;
  const completed = row.completed ?? 0;
  return {
    headcount,
    completed,
    inProgress: Math.max(0, started - completed),
    notStarted: Math.max(0, headcount - started),
    overdue: pastDue === null ? null : pastDue ? Math.max(0, headcount - completed) : 0,
  };
}

/** The three counts of a unit's subtree: its own counter rows hold the subtree's totals. */
function subtreeCounts(unitId: Prisma.Sql, materialSlug: string): Prisma.Sql {
  return Prisma.sql`
    (SELECT r."readers" FROM "UnitReaderCount" r WHERE r."unitId" = ${unitId}) AS "headcount",
    (SELECT m."started" FROM "UnitMaterialCount" m WHERE m."unitId" = ${unitId} AND m."materialSlug" = ${materialSlug}) AS "started",
    (SELECT m."completed" FROM "UnitMaterialCount" m WHERE m."unitId" = ${unitId} AND m."materialSlug" = ${materialSlug}) AS "completed"`;
}

/**
 * The assignment that applies to a unit: the material assigned to the unit itself or to its nearest
 * ancestor (assignments never overlap along a path, so there is at most one).
 */
export async function getEffectiveAssignment(unitPath: string, materialSlug: string, today: string): Promise<EffectiveAssignment | null> {
  const rows = await queryRows<{ id: number; unitId: number; unitName: string; startDate: string; dueDate: string; requirePass: boolean | number }>(Prisma.sql`
    SELECT a."id", a."unitId", u."name" AS "unitName", a."startDate", a."dueDate", a."requirePass"
    FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
    WHERE a."materialSlug" = ${materialSlug} AND ${ancestorOrSelfCondition(Prisma.sql`u."path"`, unitPath)}
    ORDER BY u."depth" DESC LIMIT 1`, FIXED);
  const row = rows[0];
  return row ? { ...row, requirePass: Boolean(row.requirePass), pastDue: today > row.dueDate } : null;
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function buildTimeline(days: Array<{ day: string; completed: number }>, from: string | undefined, today: string): Dashboard["timeline"] {
  const first = from ?? days[0]?.day;
  if (!first || first > today) return [];
  // At most a year of daily points; earlier completions are counted in the first point.
  const yearAgo = shiftDay(today, -365);
  const start = first < yearAgo ? yearAgo : first;
  const byDay = new Map(days.map((d) => [d.day, d.completed]));
  let total = days.filter((d) => d.day < start).reduce((sum, d) => sum + d.completed, 0);
  const points: Dashboard["timeline"] = [];
  for (let day = start; day <= today; day = shiftDay(day, 1)) {
    total += byDay.get(day) ?? 0;
    points.push({ day, completed: total });
  }
  return points;
}

/**
 * The completion dashboard of a unit's subtree for one material, entirely from the counters: a few
 * rows per unit shown, whatever the size of the subtree (no progress row is read). Null when the unit or material does not exist or the unit is outside the
 * actor's scope: callers answer both with the same not-found.
 */
export async function getDashboard(actor: Actor, unitId: number, materialSlug: string, now = new Date()): Promise<Dashboard | null> {
  const material = getMaterial(materialSlug);
  const unit = await getReportUnit(actor, unitId);
  if (!material || !unit) return null;
  const today = getChinaDay(now);
  const [breadcrumbs, assignment] = await Promise.all([getReportBreadcrumbs(actor, unit), getEffectiveAssignment(unit.path, material.slug, today)]);
  const pastDue = assignment ? assignment.pastDue : null;
  // Independent reads: on PostgreSQL they run at once on pooled connections (SQLite runs them in turn).
  const [[totals], children, sectionRows, dayRows] = await Promise.all([
    queryRows<CountRow>(Prisma.sql`SELECT ${subtreeCounts(Prisma.sql`${unit.id}`, material.slug)}`, FIXED),
    queryRows<CountRow & { id: number; name: string; code: string }>(Prisma.sql`
      SELECT c."id", c."name", c."code", ${subtreeCounts(Prisma.sql`c."id"`, material.slug)}
      FROM "Unit" c WHERE c."parentId" = ${unit.id} ORDER BY c."sortOrder", c."id"`, FIXED),
    queryRows<{ sectionSlug: string; started: number; completed: number }>(Prisma.sql`
      SELECT "sectionSlug", "started", "completed" FROM "UnitSectionCount" WHERE "unitId" = ${unit.id} AND "materialSlug" = ${material.slug}`, FIXED),
    queryRows<{ day: string; completed: number }>(Prisma.sql`
      SELECT "day", "completed" FROM "UnitCompletionDay" WHERE "unitId" = ${unit.id} AND "materialSlug" = ${material.slug} ORDER BY "day"`, FIXED),
  ]);
  // The unit's own members: its subtree less its sub-units' subtrees.
  const sum = (pick: (row: CountRow) => number | null) => children.reduce((total, child) => total + (pick(child) ?? 0), 0);
  const direct: CountRow = {
    headcount: (totals?.headcount ?? 0) - sum((c) => c.headcount),
    started: (totals?.started ?? 0) - sum((c) => c.started),
    completed: (totals?.completed ?? 0) - sum((c) => c.completed),
  };
  const bySection = new Map(sectionRows.map((row) => [row.sectionSlug, row]));
  const directFigures = toFigures(direct, pastDue);
  return {
    unit,
    breadcrumbs,
    material: { slug: material.slug, title: material.title },
    assignment,
    today,
    figures: toFigures(totals ?? { headcount: 0, started: 0, completed: 0 }, pastDue),
    sections: material.sections.map((s) => ({ slug: s.slug, title: s.title, started: bySection.get(s.slug)?.started ?? 0, completed: bySection.get(s.slug)?.completed ?? 0 })),
    direct: directFigures.headcount > 0 ? directFigures : null,
    subUnits: children.map(({ id, name, code, ...counts }) => ({ id, name, code, figures: toFigures(counts, pastDue) })),
    timeline: buildTimeline(dayRows, assignment?.startDate, today),
  };
}
