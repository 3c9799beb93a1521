import "server-only";
import { getAdminScope, type Actor } from "../auth/permissions";
import { getDb } from "../db";
import { formatUnitPath, normalizeUnitPath } from "./unit-path";

/** A unit an import may put accounts into, with its full name path for messages and lookups. */
export type ScopeUnit = { id: number; code: string; path: string; label: string };

export type UnitLookup = {
  /** Units by normalized full name path; more than one when sibling units share a name. */
  byNamePath: Map<string, ScopeUnit[]>;
  byCode: Map<string, ScopeUnit>;
};

/** A 单位编码 cell compared width-folded and trimmed (codes are ASCII: 字母、数字、_ 和 -). */
export function normalizeUnitCode(code: string): string {
  return code.normalize("NFKC").trim();
}

/**
 * Every unit the actor administers, named by its full path from the root. The names of the units
 * above a unit administrator's own unit are read too (people write paths from the root), but those
 * units are not returned: nothing outside the actor's scope can be chosen.
 */
export async function loadUnitLookup(actor: Actor): Promise<UnitLookup> {
  const scope = getAdminScope(actor);
  const lookup: UnitLookup = { byNamePath: new Map(), byCode: new Map() };
  if (scope === null) return lookup;
  const db = await getDb();
  const units = await db.unit.findMany({ where: { path: { startsWith: scope } }, select: { id: true, name: true, code: true, path: true } });
  const ancestorIds = scope.split("/").filter(Boolean).map(Number);
  const ancestors = ancestorIds.length ? await db.unit.findMany({ where: { id: { in: ancestorIds } }, select: { id: true, name: true } }) : [];
  const names = new Map<number, string>([...ancestors, ...units].map((u) => [u.id, u.name]));
  for (const unit of units) {
    const label = formatUnitPath(unit.path.split("/").filter(Boolean).map((id) => names.get(Number(id)) ?? "?"));
    const entry: ScopeUnit = { id: unit.id, code: unit.code, path: unit.path, label };
    const key = normalizeUnitPath(label);
    lookup.byNamePath.set(key, [...(lookup.byNamePath.get(key) ?? []), entry]);
    lookup.byCode.set(normalizeUnitCode(unit.code), entry);
  }
  return lookup;
}
