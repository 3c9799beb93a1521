// Every dashboard figure comes from counters kept by triggers; here they are checked against a
// brute-force computation from the progress rows, on a randomly generated tree, after concurrent
// beats, and after readers and units move, are disabled, change role or are deleted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit } from "../helpers/fixtures";
import { insertSectionProgress, simulateEarlierVersion } from "../helpers/progress";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(async () => {
  (await import("@/lib/sql")).closeSqlConnection();
  database.remove();
});

const MATERIAL = "deep-poverty-speech";

async function lib() {
  const [{ getDb }, content, counters, dashboard, store, units] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/content"),
    import("@/lib/reports/counters"),
    import("@/lib/reports/dashboard"),
    import("@/lib/progress/store"),
    import("@/lib/units"),
  ]);
  const material = content.getMaterial(MATERIAL);
  if (!material) throw new Error("demo material missing");
  return { db: await getDb(), material, ...counters, ...dashboard, ...store, ...units };
}

/** A small deterministic PRNG, so a failure can be replayed with the same seed. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: T[]) => items[Math.floor(next() * items.length)]! };
}

type Tree = { root: { id: number; path: string; depth: number }; units: Array<{ id: number; path: string; depth: number }> };

async function buildTree(random: ReturnType<typeof createRandom>): Promise<Tree> {
  const { db } = await lib();
  const root = await insertUnit(db, "随机根单位", "R");
  const units = [root];
  for (let i = 0; i < 12; i++) {
    const parent = random.pick(units);
    units.push(await insertUnit(db, `随机单位${i}`, `R-${i}`, parent));
  }
  return { root, units };
}

async function insertReaders(tree: Tree, random: ReturnType<typeof createRandom>, count: number): Promise<number[]> {
  const { db } = await lib();
  const roles = ["READER", "READER", "READER", "READER", "READER", "READER", "UNIT_ADMIN"] as const;
  await db.user.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      account: `rand-${i}`,
      name: `随机学员${i}`,
      unitId: random.pick(tree.units).id,
      role: random.pick([...roles]),
      disabled: random.next() < 0.1,
      passwordHash: "not-a-login-account",
      mustChangePassword: false,
    })),
  });
  return (await db.user.findMany({ where: { account: { startsWith: "rand-" } }, select: { id: true } })).map((u) => u.id);
}

/** Progress written straight into the table (as an older import or another instance would), triggers included. */
async function insertRandomProgress(userIds: number[], random: ReturnType<typeof createRandom>): Promise<void> {
  const { db, material } = await lib();
  for (const userId of userIds) {
    const started = random.int(material.sections.length + 1);
    for (const section of material.sections.slice(0, started)) {
      const completed = random.next() < 0.7;
      const day = 1 + random.int(27);
      const at = new Date(Date.UTC(2026, 9, day, random.int(24), random.int(60)));
      await insertSectionProgress(db, userId, MATERIAL, section, completed ? at : null, 600);
    }
    // The next section only opened (under a minute, nothing read: not started), or begun with one
    // paragraph, or read for a minute with no paragraph read yet (both started).
    const next = material.sections[started];
    if (next && random.next() < 0.6) {
      const kind = random.int(3);
      const paragraphs = kind === 1 ? [next.paragraphs[0]!.id] : [];
      await insertSectionProgress(db, userId, MATERIAL, next, null, kind === 2 ? 60 : random.int(60), paragraphs);
    }
  }
}

/** Completes sections with real beats through the store, many readers at once. */
async function completeWithBeats(userIds: number[], sectionsEach: number): Promise<void> {
  const { material, recordBeat } = await lib();
  const t0 = Date.UTC(2026, 10, 20, 2, 0, 0);
  await Promise.all(
    userIds.map(async (userId, u) => {
      for (const [i, section] of material.sections.slice(0, sectionsEach).entries()) {
        const ids = section.paragraphs.map((p) => p.id);
        const viewId = `view-${u}-${i}-abcdef`;
        const base = t0 + i * 20_000_000 + u * 1000;
        const beat = { material: MATERIAL, section: section.slug, version: section.version, viewId, paragraphs: ids };
        await recordBeat(userId, { ...beat, activeSeconds: 60 }, new Date(base));
        await recordBeat(userId, { ...beat, activeSeconds: 15_000 }, new Date(base + 15_000_000));
      }
    }),
  );
}

type ProgressFacts = { userId: number; sectionSlug: string; completedAt: Date | null; readParagraphs: string; activeSeconds: number; completedVersion: string | null };
type Snapshot = { units: Array<{ id: number; path: string; parentId: number | null }>; users: Array<{ id: number; unitId: number; role: string; disabled: boolean }>; progress: ProgressFacts[] };

async function snapshot(): Promise<Snapshot> {
  const { db } = await lib();
  return {
    units: await db.unit.findMany({ select: { id: true, path: true, parentId: true } }),
    users: await db.user.findMany({ select: { id: true, unitId: true, role: true, disabled: true } }),
    progress: await db.sectionProgress.findMany({
      where: { materialSlug: MATERIAL },
      select: { userId: true, sectionSlug: true, completedAt: true, readParagraphs: true, activeSeconds: true, completedVersion: true },
    }),
  };
}

const chinaDay = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The dashboard of one unit computed the slow, obvious way from the rows, by the rules of
 * docs/progress-and-notes.md: a section is started once a paragraph is read or after a minute of
 * active time, and completed while its latest completion is of the current text; a reader has started
 * the material with one section started and completed it with every section completed.
 */
function bruteForce(data: Snapshot, unitId: number, sections: Array<{ slug: string; version: string }>) {
  const sectionSlugs = sections.map((s) => s.slug);
  const versionOf = new Map(sections.map((s) => [s.slug, s.version]));
  const isStarted = (r: ProgressFacts) => (JSON.parse(r.readParagraphs) as string[]).length > 0 || r.activeSeconds >= 60;
  const isCompleted = (r: ProgressFacts) => r.completedVersion !== null && r.completedVersion === versionOf.get(r.sectionSlug);
  const unitById = new Map(data.units.map((u) => [u.id, u]));
  const figuresFor = (path: string, direct = false) => {
    const members = data.users.filter((user) => {
      const unitPath = unitById.get(user.unitId)!.path;
      return user.role === "READER" && !user.disabled && (direct ? unitPath === path : unitPath.startsWith(path));
    });
    const ids = new Set(members.map((m) => m.id));
    const rows = data.progress.filter((p) => ids.has(p.userId));
    const startedBy = new Set(rows.filter(isStarted).map((r) => r.userId));
    const completedAtBy = new Map<number, Date>();
    for (const id of startedBy) {
      const done = rows.filter((r) => r.userId === id && isCompleted(r) && sectionSlugs.includes(r.sectionSlug));
      if (done.length === sectionSlugs.length) completedAtBy.set(id, new Date(Math.max(...done.map((r) => r.completedAt!.getTime()))));
    }
    return {
      headcount: members.length,
      completed: completedAtBy.size,
      inProgress: startedBy.size - completedAtBy.size,
      notStarted: members.length - startedBy.size,
      sections: sectionSlugs.map((slug) => ({
        started: rows.filter((r) => r.sectionSlug === slug && isStarted(r)).length,
        completed: rows.filter((r) => r.sectionSlug === slug && isCompleted(r)).length,
      })),
      days: [...completedAtBy.values()].map(chinaDay),
    };
  };
  const unit = unitById.get(unitId)!;
  return {
    total: figuresFor(unit.path),
    direct: figuresFor(unit.path, true),
    children: data.units.filter((u) => u.parentId === unitId).map((child) => ({ id: child.id, ...figuresFor(child.path) })),
  };
}

async function expectDashboardsMatch(tree: Tree): Promise<void> {
  const { getDashboard, material } = await lib();
  const data = await snapshot();
  const slugs = material.sections.map((s) => ({ slug: s.slug, version: s.version }));
  const actor = { id: 0, role: "SYSTEM_ADMIN" as const, unitPath: tree.root.path };
  const now = new Date(Date.UTC(2026, 11, 1));
  for (const unit of data.units) {
    const dashboard = await getDashboard(actor, unit.id, MATERIAL, now);
    expect(dashboard, `unit ${unit.id}`).not.toBeNull();
    const expected = bruteForce(data, unit.id, slugs);
    const { sections, days, ...totals } = expected.total;
    expect({ ...dashboard!.figures, overdue: undefined }, `figures of unit ${unit.id}`).toEqual({ ...totals, overdue: undefined });
    expect(dashboard!.sections.map(({ started, completed }) => ({ started, completed })), `sections of unit ${unit.id}`).toEqual(sections);
    const { sections: _s, days: _d, ...direct } = expected.direct;
    expect(dashboard!.direct ?? { headcount: 0, completed: 0, inProgress: 0, notStarted: 0 }, `direct members of unit ${unit.id}`).toMatchObject(direct);
    expect(
      dashboard!.subUnits.map((s) => ({ id: s.id, ...s.figures, overdue: undefined })),
      `sub-units of unit ${unit.id}`,
    ).toEqual(expected.children.map(({ sections: _x, days: _y, ...child }) => ({ ...child, overdue: undefined })));
    // The timeline ends at every completion so far, and each day's step is that day's completions.
    const last = dashboard!.timeline.at(-1)?.completed ?? 0;
    expect(last, `timeline of unit ${unit.id}`).toBe(totals.completed);
    for (const point of dashboard!.timeline) expect(point.completed).toBe(days.filter((d) => d <= point.day).length);
  }
}

async function counterTables() {
  const { db } = await lib();
  const [readers, materials, sections, days, readerMaterials] = await Promise.all([
    db.unitReaderCount.findMany({ where: { readers: { not: 0 } }, orderBy: { unitId: "asc" } }),
    db.unitMaterialCount.findMany({ where: { OR: [{ started: { not: 0 } }, { completed: { not: 0 } }] }, orderBy: [{ unitId: "asc" }] }),
    db.unitSectionCount.findMany({ where: { OR: [{ started: { not: 0 } }, { completed: { not: 0 } }] }, orderBy: [{ unitId: "asc" }, { sectionSlug: "asc" }] }),
    db.unitCompletionDay.findMany({ where: { completed: { not: 0 } }, orderBy: [{ unitId: "asc" }, { day: "asc" }] }),
    db.readerMaterial.findMany({ orderBy: { userId: "asc" } }),
  ]);
  return { readers, materials, sections, days, readerMaterials };
}

describe("completion counters", () => {
  let tree: Tree;
  let userIds: number[];
  const random = createRandom(20261129);

  beforeAll(async () => {
    const { syncMaterialCatalog } = await lib();
    await syncMaterialCatalog();
    tree = await buildTree(random);
    userIds = await insertReaders(tree, random, 90);
    await insertRandomProgress(userIds, random);
  }, 120_000);

  it("equal a brute-force computation for every unit of a random tree", async () => {
    await expectDashboardsMatch(tree);
  });

  it("stay equal after concurrent beats complete sections through the store", async () => {
    const { material } = await lib();
    const fresh = userIds.slice(0, 20);
    await completeWithBeats(fresh, material.sections.length);
    await expectDashboardsMatch(tree);
    // And the beats did complete whole materials: the check above is not vacuous.
    const { db } = await lib();
    expect(await db.readerMaterial.count({ where: { userId: { in: fresh }, completedAt: { not: null } } })).toBeGreaterThan(0);
  }, 120_000);

  it("stay equal after readers move, are disabled or enabled, change role or are deleted", async () => {
    const { db } = await lib();
    for (const id of userIds.slice(20, 40)) {
      await db.user.update({ where: { id }, data: { unitId: random.pick(tree.units).id } });
    }
    for (const id of userIds.slice(40, 48)) await db.user.update({ where: { id }, data: { disabled: random.next() < 0.5 } });
    for (const id of userIds.slice(48, 54)) await db.user.update({ where: { id }, data: { role: random.pick(["READER", "UNIT_ADMIN"] as const) } });
    await db.user.deleteMany({ where: { id: { in: userIds.slice(54, 58) } } });
    await expectDashboardsMatch(tree);
  }, 120_000);

  it("stay equal after a unit moves to another place in the tree", async () => {
    const { updateUnit } = await lib();
    const actor = { id: 0, account: "test", role: "SYSTEM_ADMIN" as const, unitPath: tree.root.path };
    const { db } = await lib();
    const all = await db.unit.findMany({ select: { id: true, name: true, code: true, path: true, parentId: true } });
    const mover = all.find((u) => u.parentId !== null && all.some((c) => c.parentId === u.id))!;
    const target = all.find((u) => !u.path.startsWith(mover.path) && u.id !== mover.parentId)!;
    await updateUnit(actor, mover.id, { name: mover.name, code: mover.code, parentId: target.id });
    await expectDashboardsMatch(tree);
  }, 120_000);

  it("stay exact when two instances rebuild them at once while beats arrive", async () => {
    const { db, material, syncMaterialCatalog } = await lib();
    // As after a deploy that changed the section list: every starting instance sees it and rebuilds.
    await db.$executeRawUnsafe(`UPDATE "MaterialInfo" SET "sections" = '[]' WHERE "slug" = '${MATERIAL}'`);
    const [first, second] = await Promise.all([
      syncMaterialCatalog(),
      syncMaterialCatalog(),
      completeWithBeats(userIds.slice(60, 70), material.sections.length),
    ]);
    expect([...first!, ...second!]).toContain(MATERIAL);
    await expectDashboardsMatch(tree);
  }, 120_000);

  it("follow a revision published while beats arrive and two instances start at once", async () => {
    const { db, material, syncMaterialCatalog, recordBeat } = await lib();
    const section = material.sections[0]!;
    const before = await db.sectionProgress.findMany({ where: { materialSlug: MATERIAL, sectionSlug: section.slug }, select: { userId: true, completedVersion: true } });
    const completers = before.filter((r) => r.completedVersion).map((r) => r.userId);
    // A third of the completers had read the paragraph the revision adds: their completion stands.
    const readIt = new Set(completers.filter((_, i) => i % 3 === 0));
    const added = await simulateEarlierVersion(db, MATERIAL, section, readIt);
    const beaten = userIds.slice(70, 80);
    const [first, second] = await Promise.all([syncMaterialCatalog(), syncMaterialCatalog(), completeWithBeats(beaten, material.sections.length)]);
    expect([...first!, ...second!]).toContain(MATERIAL);
    await expectDashboardsMatch(tree);
    const after = await db.sectionProgress.findMany({ where: { materialSlug: MATERIAL, sectionSlug: section.slug }, select: { userId: true, version: true, completedVersion: true } });
    for (const row of after) {
      expect(row.version, `user ${row.userId}`).toBe(section.version);
      if (beaten.includes(row.userId)) continue;
      expect(row.completedVersion === section.version, `user ${row.userId} keeps the completion`).toBe(readIt.has(row.userId));
    }
    const reopened = after.filter((r) => !beaten.includes(r.userId) && r.completedVersion && r.completedVersion !== section.version);
    expect(reopened.length, "completions the revision reopened").toBeGreaterThan(2);
    // Their readers read the added paragraph: complete again.
    for (const [i, row] of reopened.entries()) {
      const beat = { material: MATERIAL, section: section.slug, version: section.version, viewId: `view-reread-${i}`, paragraphs: [added], activeSeconds: 20 };
      await recordBeat(row.userId, beat, new Date(Date.UTC(2026, 10, 30, 1, 0, i)));
    }
    await expectDashboardsMatch(tree);
    expect(await db.sectionProgress.count({ where: { userId: { in: reopened.map((r) => r.userId) }, sectionSlug: section.slug, completedVersion: section.version } })).toBe(reopened.length);
  }, 120_000);

  it("are rebuilt from the progress rows to exactly what the triggers kept", async () => {
    const { rebuildCounters } = await lib();
    const kept = await counterTables();
    await rebuildCounters(MATERIAL);
    expect(await counterTables()).toEqual(kept);
  });
});
