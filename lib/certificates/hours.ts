import "server-only";
import type { Actor } from "../auth/permissions";
import { getChinaWallClock } from "../china-time";
import { getMaterial } from "../content";
import { getDb } from "../db";
import { getQuizBank } from "../quiz";
import { getReportUnit, type ReportUnit } from "../reports/scope";

/** One person's 学时 in one year: the materials they completed that year (China time) and their sum. */
export type HoursRow = {
  userId: number;
  name: string;
  account: string;
  /** Unit names from the top of the tree down to the person's unit, joined by " / ". */
  unitPath: string;
  disabled: boolean;
  year: number;
  materials: string[];
  hours: number;
};

/** People read per batch: bounds memory whatever the subtree's size. */
const BATCH = 500;

/** Names of every unit in the subtree and above it, by id, to spell each person's unit path. */
async function getUnitNames(unit: ReportUnit): Promise<Map<number, string>> {
  const db = await getDb();
  const above = unit.path.split("/").filter(Boolean).map(Number);
  const rows = await db.unit.findMany({
    where: { OR: [{ id: { in: above } }, { path: { gte: unit.path, lt: `${unit.path.slice(0, -1)}0` } }] },
    select: { id: true, name: true },
  });
  return new Map(rows.map((row) => [row.id, row.name]));
}

function spellPath(path: string, names: Map<number, string>): string {
  return path
    .split("/")
    .filter(Boolean)
    .map((id) => names.get(Number(id)) ?? "?")
    .join(" / ");
}

/**
 * 年度学时统计 of a unit's subtree, person × year: each completion (ReaderMaterial.completedAt, the
 * rule of /me/record) counts once, in its China-time year, with the material's 学时. Only people with
 * a completion appear; every account is included (a disabled one marked), since 学时 earned stay
 * earned. Null when the unit is outside the actor's scope. Read BATCH people at a time, by id.
 */
export async function listHoursRows(actor: Actor, unitId: number, year?: number): Promise<AsyncIterable<HoursRow> | null> {
  const unit = await getReportUnit(actor, unitId);
  if (!unit) return null;
  const names = await getUnitNames(unit);
  return iterateHoursRows(unit, names, year);
}

async function* iterateHoursRows(unit: ReportUnit, names: Map<number, string>, onlyYear?: number): AsyncGenerator<HoursRow> {
  const db = await getDb();
  const completed = { completedAt: { not: null } } as const;
  for (let after = 0; ; ) {
    const people = await db.user.findMany({
      where: { id: { gt: after }, unit: { path: { gte: unit.path, lt: `${unit.path.slice(0, -1)}0` } }, materials: { some: completed } },
      select: { id: true, name: true, account: true, disabled: true, unit: { select: { path: true } }, materials: { where: completed, select: { materialSlug: true, completedAt: true } } },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const person of people) yield* personRows(person, names, onlyYear);
    if (people.length < BATCH) return;
    after = people.at(-1)!.id;
  }
}

type Person = { id: number; name: string; account: string; disabled: boolean; unit: { path: string }; materials: Array<{ materialSlug: string; completedAt: Date | null }> };

function personRows(person: Person, names: Map<number, string>, onlyYear?: number): HoursRow[] {
  const years = new Map<number, HoursRow>();
  const unitPath = spellPath(person.unit.path, names);
  const sorted = [...person.materials].sort((a, b) => (a.completedAt?.getTime() ?? 0) - (b.completedAt?.getTime() ?? 0));
  for (const row of sorted) {
    const material = getMaterial(row.materialSlug);
    if (!material || !row.completedAt) continue; // taken out of content/: not credited, as on /me/record
    const year = getChinaWallClock(row.completedAt).year;
    if (onlyYear !== undefined && year !== onlyYear) continue;
    const bucket = years.get(year) ?? { userId: person.id, name: person.name, account: person.account, unitPath, disabled: person.disabled, year, materials: [], hours: 0 };
    bucket.materials.push(material.title);
    bucket.hours += getQuizBank(row.materialSlug)?.hours ?? 0;
    years.set(year, bucket);
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}
