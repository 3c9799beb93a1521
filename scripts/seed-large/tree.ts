import { BUREAUS, CITY_NAMES, CORE_DEPARTMENTS, PROVINCE_NAME, branchName, countyName, departmentName, type DepartmentKind } from "./names";
import { createRandom, type Random } from "./random";

export type UnitKind = "province" | "city" | "county" | "department" | "branch";

/** One unit of the generated province, as it will be stored (ids are assigned 1, 2, … in this order). */
export type PlannedUnit = {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  path: string;
  depth: number;
  sortOrder: number;
  kind: UnitKind;
  /** Readers placed directly in this unit (not counting the units below it). */
  readers: number;
  /** Shifts this unit's readers from not started to completed (or back): some units study harder. */
  diligence: number;
  /** 0-based index of the city the unit belongs to; -1 for the province itself. */
  city: number;
};

/** Stream numbers keep the tree's draws apart from the readers' (see random.ts). */
export const STREAM_TREE = 1;

const DEPARTMENT_MIN = 20;
const DEPARTMENT_SPREAD = 130;
/** Mean of DEPARTMENT_MIN + DEPARTMENT_SPREAD · u², u uniform: most departments small, a few up to 150. */
const DEPARTMENT_MEAN = DEPARTMENT_MIN + DEPARTMENT_SPREAD / 3;
/** About this share of readers sit directly in a city (8–25 each) or county unit (5–15 each). */
const DIRECT_SHARE = 0.02;
const DEPARTMENTS_PER_COUNTY = 9;
const DILIGENCE = 0.08;

type Node = {
  kind: UnitKind;
  code: string;
  name: string;
  weight: number;
  diligence: number;
  city: number;
  branches: number;
  department?: DepartmentKind;
  children: Node[];
};

/** Splits `total` into integers proportional to `weights` that add up to it exactly (largest remainder). */
export function splitInteger(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  // Largest remainder first; ties go to the earlier part, so the split is deterministic.
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left-- <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

/** `parts` weights of about 1, each off by up to ±`jitter`. */
function jittered(random: Random, parts: number, jitter = 0.2): number[] {
  return Array.from({ length: parts }, () => random.between(1 - jitter, 1 + jitter));
}

function departmentKinds(random: Random, count: number): DepartmentKind[] {
  const core = CORE_DEPARTMENTS.slice(0, count);
  const wanted = Math.min(count - core.length, BUREAUS.length);
  // A random choice of bureaus, kept in the list's order (the order units are usually listed in).
  const chosen = new Set<number>();
  while (chosen.size < wanted) chosen.add(random.int(0, BUREAUS.length - 1));
  const bureaus = BUREAUS.filter((_, index) => chosen.has(index));
  return [...core, ...bureaus];
}

function departmentNodes(random: Random, count: number, level: "市" | "县", parentCode: string, city: number): Node[] {
  return departmentKinds(random, count).map((kind) => {
    const weight = DEPARTMENT_MIN + DEPARTMENT_SPREAD * random.next() ** 2;
    const branches = weight >= 45 && random.chance(0.35) ? random.int(2, 3) : 0;
    const code = `${parentCode}-${kind.code}`;
    const diligence = random.between(-DILIGENCE, DILIGENCE);
    const children = Array.from({ length: branches }, (_, b): Node => ({
      kind: "branch", code: `${code}-${b + 1}`, name: branchName(kind, b), weight: 0, diligence, city, branches: 0, children: [],
    }));
    return { kind: "department", code, name: departmentName(kind, level), weight, diligence, city, branches, department: kind, children };
  });
}

function buildSkeleton(users: number, random: Random): Node {
  const departments = Math.max(1, Math.round((users * (1 - DIRECT_SHARE)) / DEPARTMENT_MEAN));
  const cityCount = Math.min(CITY_NAMES.length, Math.max(1, Math.ceil(departments / 20)));
  const budgets = splitInteger(departments, jittered(random, cityCount, 0.15));
  let countyIndex = 0;
  const cities = budgets.map((budget, c): Node => {
    const code = `P-C${String(c + 1).padStart(2, "0")}`;
    const own = Math.min(random.int(6, 10), Math.max(1, Math.ceil(budget / 4)));
    const remaining = Math.max(0, budget - own);
    const countyCount = remaining === 0 ? 0 : Math.max(1, Math.round(remaining / DEPARTMENTS_PER_COUNTY));
    const counties = splitInteger(remaining, jittered(random, countyCount)).map((count, k): Node => {
      const countyCode = `${code}-X${String(k + 1).padStart(2, "0")}`;
      return {
        kind: "county", code: countyCode, name: `${countyName(countyIndex++)}县委`, weight: random.int(5, 15),
        diligence: random.between(-DILIGENCE, DILIGENCE), city: c, branches: 0, children: departmentNodes(random, count, "县", countyCode, c),
      };
    });
    return {
      kind: "city", code, name: `${CITY_NAMES[c] ?? `第${c + 1}`}市委`, weight: random.int(8, 25),
      diligence: random.between(-DILIGENCE, DILIGENCE), city: c, branches: 0, children: [...departmentNodes(random, own, "市", code, c), ...counties],
    };
  });
  return { kind: "province", code: "P", name: PROVINCE_NAME, weight: 0, diligence: 0, city: -1, branches: 0, children: cities };
}

function preorder(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const child of node.children) preorder(child, visit);
}

/**
 * The unit tree of a province sized for `users` readers: up to 14 cities (one per ~20 departments, so
 * 14 from ~17,000 readers on), each with its own departments and enough counties of 6–12 departments
 * that a department holds 20–150 readers (most of them few), some departments split into 2–3
 * branches, and a few readers directly in each city and county unit.
 * A pure function of (users, seed).
 */
export function planUnits(input: { users: number; seed: number }): PlannedUnit[] {
  const random = createRandom(input.seed, STREAM_TREE);
  const root = buildSkeleton(input.users, random);
  const weighted: Node[] = [];
  preorder(root, (node) => {
    if (node.weight > 0) weighted.push(node);
  });
  const headcounts = splitInteger(input.users, weighted.map((node) => node.weight));
  const readers = new Map<Node, number>();
  weighted.forEach((node, index) => {
    const count = headcounts[index] ?? 0;
    // A department with branches keeps its leaders; everyone else is in one of the branches.
    const own = node.branches === 0 ? count : Math.round(count * 0.1);
    readers.set(node, own);
    const shares = splitInteger(count - own, jittered(random, node.branches, 0.3));
    node.children.forEach((branch, b) => readers.set(branch, shares[b] ?? 0));
  });

  const units: PlannedUnit[] = [];
  const place = (node: Node, parent: PlannedUnit | undefined, sortOrder: number): void => {
    const id = units.length + 1;
    const unit: PlannedUnit = {
      id, code: node.code, name: node.name, parentId: parent?.id ?? null, path: `${parent?.path ?? "/"}${id}/`, depth: parent ? parent.depth + 1 : 0,
      sortOrder, kind: node.kind, readers: readers.get(node) ?? 0, diligence: node.diligence, city: node.city,
    };
    units.push(unit);
    node.children.forEach((child, index) => place(child, unit, index));
  };
  place(root, undefined, 0);
  return units;
}
