import "server-only";
import type { Actor } from "../auth/permissions";
import { getMaterial, type Material } from "../content";
import { Prisma } from "../generated/prisma/client";
import { sumActiveMinutes, toActiveMinutes } from "../progress/minutes";
import { getReaderMaterialProgress, type MaterialProgress } from "../progress/read";
import type { PeopleQuery, PersonState } from "../schemas/reports";
import { isCompletedSql, isStartedSql } from "../progress/state-sql";
import { queryRows } from "../sql";
import { getEffectiveAssignment, type EffectiveAssignment } from "./dashboard";
import { getChinaDay } from "../china-time";
import { getReportUnit, subtreeCondition, type ReportUnit } from "./scope";

export type Cell = {
  /**
   * As the reader sees the section (lib/progress/status.ts) and as the counters count it: "updated"
   * is a completion of an earlier version whose new paragraphs are not read yet (本节内容已更新), not
   * counted as completed.
   */
  state: "unread" | "reading" | "updated" | "done";
  percent: number;
  activeSeconds: number;
  activeMinutes: number;
  /** When the completion that counts was recorded; for "updated", the earlier version's completion. */
  completedAt: Date | null;
};

export type PersonRow = {
  id: number;
  name: string;
  account: string;
  unitName: string;
  state: PersonState;
  /** Every section read, not complete: the assignment requires passing the self-test (需通过测试). */
  awaitingTest: boolean;
  sectionsCompleted: number;
  completedAt: Date | null;
  activeMinutes: number;
  cells: Cell[];
};

export type PeoplePage = {
  unit: ReportUnit;
  material: Material;
  assignment: EffectiveAssignment | null;
  rows: PersonRow[];
  total: number;
  page: number;
  pageCount: number;
};

export const PAGE_SIZE = 50;

type BaseRow = { id: number; name: string; account: string; unitName: string; sectionsStarted: number | null; sectionsCompleted: number | null; completedAt: string | null };
type ProgressCellRow = {
  userId: number;
  sectionSlug: string;
  readChars: number;
  activeSeconds: number;
  completedAt: string | null;
  started: number | boolean;
  completed: number | boolean;
  completedVersion: string | null;
};

function stateCondition(state: PeopleQuery["state"], pastDue: boolean): Prisma.Sql {
  switch (state) {
    case "not-started":
      return Prisma.sql`AND (m."userId" IS NULL OR m."sectionsStarted" = 0)`;
    case "in-progress":
      return Prisma.sql`AND m."sectionsStarted" > 0 AND m."completedAt" IS NULL`;
    case "completed":
      return Prisma.sql`AND m."completedAt" IS NOT NULL`;
    case "overdue":
      return pastDue ? Prisma.sql`AND m."completedAt" IS NULL` : Prisma.sql`AND false`;
    default:
      return Prisma.empty;
  }
}

function orderBy(query: PeopleQuery): Prisma.Sql {
  const dir = query.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  switch (query.sort) {
    case "unit":
      return Prisma.sql`ORDER BY n."path" ${dir}, u."account" ASC`;
    case "progress":
      return Prisma.sql`ORDER BY COALESCE(m."sectionsCompleted", -1) ${dir}, COALESCE(m."sectionsStarted", 0) ${dir}, u."account" ASC`;
    case "completed":
      // Not yet completed last in either direction.
      return Prisma.sql`ORDER BY m."completedAt" IS NULL, m."completedAt" ${dir}, u."account" ASC`;
    default:
      return Prisma.sql`ORDER BY u."account" ${dir}`;
  }
}

function toState(row: BaseRow, pastDue: boolean): PersonState {
  if (row.completedAt) return "completed";
  if (pastDue) return "overdue";
  return row.sectionsStarted ? "in-progress" : "not-started";
}

/** Rows of the person × section grid, one page at a time (only the page's progress rows are read). */
async function listRows(unit: ReportUnit, material: Material, query: PeopleQuery, pastDue: boolean, limit: number, offset: number): Promise<PersonRow[]> {
  const people = await queryRows<BaseRow>(Prisma.sql`
    SELECT u."id", u."name", u."account", n."name" AS "unitName", m."sectionsStarted", m."sectionsCompleted", m."completedAt"
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId"
    LEFT JOIN "ReaderMaterial" m ON m."userId" = u."id" AND m."materialSlug" = ${material.slug}
    WHERE ${subtreeCondition(Prisma.sql`n."path"`, unit.path)} AND u."role" = 'READER' AND u."disabled" = false
    ${stateCondition(query.state, pastDue)}
    ${orderBy(query)} LIMIT ${limit} OFFSET ${offset}`);
  if (people.length === 0) return [];
  const cells = await queryRows<ProgressCellRow>(Prisma.sql`
    SELECT p."userId", p."sectionSlug", p."readChars", p."activeSeconds", p."completedAt", p."completedVersion",
           ${isStartedSql(Prisma.sql`p`)} AS "started", ${isCompletedSql(Prisma.sql`p`)} AS "completed"
    FROM "SectionProgress" p
    WHERE p."materialSlug" = ${material.slug} AND p."userId" IN (${Prisma.join(people.map((p) => p.id))})`);
  const byUser = new Map<number, Map<string, ProgressCellRow>>();
  for (const cell of cells) {
    if (!byUser.has(cell.userId)) byUser.set(cell.userId, new Map());
    byUser.get(cell.userId)!.set(cell.sectionSlug, cell);
  }
  return people.map((person) => {
    const mine = byUser.get(person.id);
    const rowCells = material.sections.map((section): Cell => {
      const cell = mine?.get(section.slug);
      if (!cell) return { state: "unread", percent: 0, activeSeconds: 0, activeMinutes: 0, completedAt: null };
      return {
        state: cell.completed ? "done" : cell.completedVersion ? "updated" : cell.started ? "reading" : "unread",
        percent: Math.min(100, Math.round((cell.readChars / Math.max(1, section.chars)) * 100)),
        activeSeconds: cell.activeSeconds,
        activeMinutes: toActiveMinutes(cell.activeSeconds),
        completedAt: cell.completedAt ? new Date(cell.completedAt) : null,
      };
    });
    return {
      id: person.id,
      name: person.name,
      account: person.account,
      unitName: person.unitName,
      state: toState(person, pastDue),
      awaitingTest: !person.completedAt && (person.sectionsCompleted ?? 0) >= material.sections.length,
      sectionsCompleted: person.sectionsCompleted ?? 0,
      completedAt: person.completedAt ? new Date(person.completedAt) : null,
      activeMinutes: sumActiveMinutes(rowCells.map((c) => c.activeSeconds)),
      cells: rowCells,
    };
  });
}

async function countRows(unit: ReportUnit, material: Material, query: PeopleQuery, pastDue: boolean): Promise<number> {
  const [row] = await queryRows<{ total: number }>(Prisma.sql`
    SELECT COUNT(*) AS "total"
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId"
    LEFT JOIN "ReaderMaterial" m ON m."userId" = u."id" AND m."materialSlug" = ${material.slug}
    WHERE ${subtreeCondition(Prisma.sql`n."path"`, unit.path)} AND u."role" = 'READER' AND u."disabled" = false
    ${stateCondition(query.state, pastDue)}`);
  return row?.total ?? 0;
}

/**
 * One page of the person × section grid for a unit's subtree. Null when the unit or material does
 * not exist or the unit is outside the actor's scope (callers answer both with the same not-found).
 */
export async function getPeoplePage(actor: Actor, query: PeopleQuery, now = new Date()): Promise<PeoplePage | null> {
  const material = getMaterial(query.material);
  const unit = await getReportUnit(actor, query.unit);
  if (!material || !unit) return null;
  const assignment = await getEffectiveAssignment(unit.path, material.slug, getChinaDay(now));
  const pastDue = assignment?.pastDue ?? false;
  const total = await countRows(unit, material, query, pastDue);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await listRows(unit, material, query, pastDue, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  return { unit, material, assignment, rows, total, page, pageCount };
}

/**
 * Every row of the grid for an export, a page at a time, so a unit of 100,000 readers is never held
 * in memory at once.
 */
export async function* iteratePeople(actor: Actor, query: PeopleQuery, now = new Date()): AsyncGenerator<PersonRow> {
  const material = getMaterial(query.material);
  const unit = await getReportUnit(actor, query.unit);
  if (!material || !unit) return;
  const assignment = await getEffectiveAssignment(unit.path, material.slug, getChinaDay(now));
  const batch = 500;
  for (let offset = 0; ; offset += batch) {
    const rows = await listRows(unit, material, query, assignment?.pastDue ?? false, batch, offset);
    yield* rows;
    if (rows.length < batch) return;
  }
}

export type PersonReport = {
  person: { id: number; name: string; account: string; unitName: string; disabled: boolean };
  unit: ReportUnit;
  assignment: EffectiveAssignment | null;
  progress: MaterialProgress;
};

/**
 * One reader's progress in a material as the reader sees it on 我的学习 (the same evidence), for an
 * administrator of the reader's unit. Null when the account does not exist, is not a reader, or is
 * outside the actor's scope.
 */
export async function getPersonReport(actor: Actor, userId: number, materialSlug: string, now = new Date()): Promise<PersonReport | null> {
  const rows = await queryRows<{ id: number; name: string; account: string; unitId: number; unitName: string; disabled: number }>(Prisma.sql`
    SELECT u."id", u."name", u."account", u."unitId", n."name" AS "unitName", u."disabled"
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId" WHERE u."id" = ${userId} AND u."role" = 'READER'`);
  const row = rows[0];
  if (!row) return null;
  const unit = await getReportUnit(actor, row.unitId);
  const progress = await getReaderMaterialProgress(userId, materialSlug);
  if (!unit || !progress) return null;
  const assignment = await getEffectiveAssignment(unit.path, materialSlug, getChinaDay(now));
  return {
    person: { id: row.id, name: row.name, account: row.account, unitName: row.unitName, disabled: Boolean(row.disabled) },
    unit,
    assignment,
    progress,
  };
}
