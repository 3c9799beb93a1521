import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

const MATERIAL = "deep-poverty-speech";
const SECTION = "part-1";
let userCounter = 0;

async function lib() {
  const [{ getSection }, store, config, { getDb }] = await Promise.all([
    import("@/lib/content"),
    import("@/lib/progress/store"),
    import("@/lib/progress/config"),
    import("@/lib/db"),
  ]);
  const view = getSection(MATERIAL, SECTION);
  if (!view) throw new Error("test section missing");
  return { section: view.section, ...store, ...config, db: await getDb() };
}

async function newReader() {
  const { db } = await lib();
  userCounter += 1;
  const unit = await insertUnit(db, `进度单位${userCounter}`, `PG-${userCounter}`);
  return (await insertUser(db, { account: `progress-${userCounter}`, unitId: unit.id })).id;
}

const t0 = new Date("2026-06-01T08:00:00Z").getTime();
const at = (seconds: number) => new Date(t0 + seconds * 1000);

async function beat(userId: number, input: { paragraphs: string[]; active: number; view?: string; at: number; section?: string }) {
  const { recordBeat, section } = await lib();
  await recordBeat(
    userId,
    { material: MATERIAL, section: input.section ?? SECTION, version: section.version, viewId: input.view ?? "view-aaaaaaaa", paragraphs: input.paragraphs, activeSeconds: input.active },
    at(input.at),
  );
}

async function progressOf(userId: number) {
  const { db } = await lib();
  return db.sectionProgress.findUniqueOrThrow({ where: { userId_materialSlug_sectionSlug: { userId, materialSlug: MATERIAL, sectionSlug: SECTION } } });
}

describe("merging reading beats", () => {
  it("is idempotent: the same beat five times counts once", async () => {
    const { section } = await lib();
    const user = await newReader();
    const ids = section.paragraphs.slice(0, 1).map((p) => p.id);
    for (let i = 0; i < 5; i++) await beat(user, { paragraphs: ids, active: 20, at: 30 + i * 40 });
    const row = await progressOf(user);
    expect(JSON.parse(row.readParagraphs)).toEqual(ids);
    expect(row.activeSeconds).toBe(20);
    expect(row.readChars).toBe(section.paragraphs[0]?.chars);
  });

  it("is monotonic: a late beat with less never lowers what was recorded", async () => {
    const { section } = await lib();
    const user = await newReader();
    const all = section.paragraphs.map((p) => p.id);
    await beat(user, { paragraphs: all, active: 40, at: 60, view: "view-late-1" });
    const before = await progressOf(user);
    await beat(user, { paragraphs: all.slice(0, 1), active: 10, at: 70, view: "view-late-1" });
    const after = await progressOf(user);
    expect(after.readChars).toBe(before.readChars);
    expect(after.furthestIndex).toBe(all.length - 1);
    expect(after.lastParagraphId).toBe(all.at(-1));
    expect(after.activeSeconds).toBe(before.activeSeconds);
  });

  it("keeps the union of paragraphs from different views", async () => {
    const { section } = await lib();
    const user = await newReader();
    const [a, b] = section.paragraphs.map((p) => p.id);
    await beat(user, { paragraphs: [a ?? ""], active: 5, at: 10, view: "view-one-1" });
    await beat(user, { paragraphs: [b ?? ""], active: 5, at: 20, view: "view-two-2" });
    expect(JSON.parse((await progressOf(user)).readParagraphs).sort()).toEqual([a, b].sort());
  });

  it("caps added time by the real time since the reader's previous beat, across tabs", async () => {
    const user = await newReader();
    await beat(user, { paragraphs: [], active: 30, at: 30, view: "view-tab-aa" });
    // 10 s later a beat claims 600 s of reading: at most the 10 s (plus slack) can be real.
    await beat(user, { paragraphs: [], active: 600, at: 40, view: "view-tab-bb" });
    expect((await progressOf(user)).activeSeconds).toBe(30 + 10);
  });

  it("never credits more than the real time, however fast and often beats come", async () => {
    const user = await newReader();
    await beat(user, { paragraphs: [], active: 10, at: 10, view: "view-fast-1" });
    // 200 beats 50 ms apart, each claiming 2 more seconds: 10 s of real time, 400 s claimed.
    for (let i = 1; i <= 200; i++) {
      const { recordBeat, section } = await lib();
      await recordBeat(user, { material: MATERIAL, section: SECTION, version: section.version, viewId: "view-fast-1", paragraphs: [], activeSeconds: 10 + 2 * i }, new Date(t0 + 10_000 + i * 50));
    }
    const row = await progressOf(user);
    expect(row.activeSeconds).toBeLessThanOrEqual(10 + 10);
    // …and fractions of a second are not lost either: the clock moves on by what was credited.
    expect(row.activeSeconds).toBeGreaterThanOrEqual(10 + 9);
  });

  it("does not let idle time be claimed later", async () => {
    const user = await newReader();
    await beat(user, { paragraphs: [], active: 10, at: 10, view: "view-idle-1" });
    // 100 s pass with 5 s of reading, then a beat claims 95 more seconds 1 s later.
    await beat(user, { paragraphs: [], active: 15, at: 110, view: "view-idle-1" });
    await beat(user, { paragraphs: [], active: 110, at: 111, view: "view-idle-1" });
    expect((await progressOf(user)).activeSeconds).toBe(15 + 1);
  });

  it("credits a batch delivered after an offline spell in full, and still never more than the real time (issue 18)", async () => {
    const { recordBeat, section } = await lib();
    const send = (user: number, view: string, active: number, seconds: number, holdClock: boolean) =>
      recordBeat(user, { material: MATERIAL, section: SECTION, version: section.version, viewId: view, paragraphs: [], activeSeconds: active }, at(seconds), { holdClock });
    const user = await newReader();
    await beat(user, { paragraphs: [], active: 30, at: 30, view: "view-spell-a" });
    // Offline from 30 s to 180 s: view A read 70 s more, a reload, view B read 50 s; one batch.
    await send(user, "view-spell-a", 100, 180, true);
    await send(user, "view-spell-b", 50, 180, false);
    expect((await progressOf(user)).activeSeconds).toBe(150);
    // The batch's last beat settled the clock at now: the 30 s idle in the spell cannot be claimed.
    await beat(user, { paragraphs: [], active: 80, at: 181, view: "view-spell-b" });
    expect((await progressOf(user)).activeSeconds).toBe(151);

    // A batch claiming more than the real time gets the real time, whatever its order.
    const greedy = await newReader();
    await beat(greedy, { paragraphs: [], active: 10, at: 10, view: "view-greed-a" });
    await send(greedy, "view-greed-a", 500, 110, true);
    await send(greedy, "view-greed-b", 500, 110, true);
    await send(greedy, "view-greed-c", 500, 110, false);
    expect((await progressOf(greedy)).activeSeconds).toBe(10 + 100);
  });

  it("caps a reader's very first beat", async () => {
    const { PROGRESS_RULES } = await lib();
    const user = await newReader();
    await beat(user, { paragraphs: [], active: 3600, at: 10 });
    expect((await progressOf(user)).activeSeconds).toBe(PROGRESS_RULES.firstBeatCapSeconds);
  });

  it("caps new readers' concurrent first beats on different sections together, at the real time", async () => {
    // 50 new readers, each with 5 beats of 30 s on 5 sections sent at the same moment (5 tabs, or a
    // batch replayed after a reconnect): one beat's 30 s is real, the others overlap it. PostgreSQL
    // runs them concurrently; a reader with no clock row yet must still be credited 30 s, not 150.
    const { recordBeat } = await lib();
    const { getSection } = await import("@/lib/content");
    const slugs = ["part-1", "part-2", "part-3", "part-4", "part-5"];
    const versions = slugs.map((slug) => getSection(MATERIAL, slug)!.section.version);
    const readers: number[] = [];
    for (let i = 0; i < 50; i++) readers.push(await newReader());
    await Promise.all(
      readers.flatMap((user) =>
        slugs.map((slug, i) =>
          recordBeat(user, { material: MATERIAL, section: slug, version: versions[i]!, viewId: `view-burst-${i}`, paragraphs: [], activeSeconds: 30 }, at(500)),
        ),
      ),
    );
    const { db } = await lib();
    const rows = await db.sectionProgress.groupBy({ by: ["userId"], where: { userId: { in: readers } }, _sum: { activeSeconds: true }, _count: true });
    const credited = Object.fromEntries(rows.map((row) => [row.userId, [row._sum.activeSeconds, row._count]]));
    expect(credited).toEqual(Object.fromEntries(readers.map((user) => [user, [30, slugs.length]])));
  });

  it("completes only with 90% read and half the estimated time active, and never un-completes", async () => {
    const { section, requiredActiveSeconds, requiredReadChars } = await lib();
    const user = await newReader();
    const all = section.paragraphs.map((p) => p.id);
    const need = requiredActiveSeconds(section.chars);
    expect(requiredReadChars(section.chars)).toBe(Math.ceil(section.chars * 0.9));
    // Everything read, but one second short of the active time.
    await beat(user, { paragraphs: all, active: need - 1, at: need + 5, view: "view-done-1" });
    expect((await progressOf(user)).completedAt).toBeNull();
    await beat(user, { paragraphs: all, active: need, at: need + 10, view: "view-done-1" });
    const done = await progressOf(user);
    expect(done.completedAt?.toISOString()).toBe(at(need + 10).toISOString());
    expect(done.completedVersion).toBe(section.version);
    await beat(user, { paragraphs: [], active: 1, at: need + 100, view: "view-done-2" });
    expect((await progressOf(user)).completedAt?.toISOString()).toBe(at(need + 10).toISOString());
  });

  it("does not complete with the time but too little of the text read", async () => {
    const { section, requiredReadChars } = await lib();
    const user = await newReader();
    // Read paragraphs in order until just below 90% of the characters.
    const partial: string[] = [];
    let chars = 0;
    for (const p of section.paragraphs) {
      if (chars + p.chars >= requiredReadChars(section.chars)) break;
      partial.push(p.id);
      chars += p.chars;
    }
    await beat(user, { paragraphs: [], active: 50, at: 50, view: "view-part-1" });
    await beat(user, { paragraphs: partial, active: 5000, at: 5000, view: "view-part-1" });
    const row = await progressOf(user);
    expect(row.readChars).toBe(chars);
    expect(row.activeSeconds).toBeGreaterThan(1000);
    expect(row.completedAt).toBeNull();
  });

  it("rejects unknown sections and paragraph ids, writing nothing", async () => {
    const { recordBeat, BeatError, section, db } = await lib();
    const user = await newReader();
    const base = { material: MATERIAL, section: SECTION, version: section.version, viewId: "view-bad-01", activeSeconds: 5 };
    await expect(recordBeat(user, { ...base, section: "part-99", paragraphs: [] })).rejects.toBeInstanceOf(BeatError);
    await expect(recordBeat(user, { ...base, paragraphs: ["p-0000000000"] })).rejects.toMatchObject({ status: 422 });
    await expect(recordBeat(user, { ...base, version: "000000000000", paragraphs: [] })).rejects.toMatchObject({ status: 422 });
    expect(await db.sectionProgress.count({ where: { userId: user } })).toBe(0);
  });

  it("keeps readChars equal to the characters of the current text's paragraphs read, beat after beat", async () => {
    const { section } = await lib();
    const user = await newReader();
    const ids = section.paragraphs.map((p) => p.id);
    const charsOf = (read: string[]) => section.paragraphs.filter((p) => read.includes(p.id)).reduce((sum, p) => sum + p.chars, 0);
    // Overlapping, repeated and out-of-order subsets from two views.
    const subsets = [ids.slice(0, 2), ids.slice(1, 4), ids.slice(0, 1), ids.slice(3, 6), ids.slice(2, 3), ids.slice(5)];
    for (const [i, subset] of subsets.entries()) {
      await beat(user, { paragraphs: subset, active: 10 * (i + 1), at: 30 * (i + 1), view: i % 2 ? "view-chars-a" : "view-chars-b" });
      const row = await progressOf(user);
      expect(row.readChars).toBe(charsOf(JSON.parse(row.readParagraphs) as string[]));
    }
  });

  it("recounts readChars against the current text when the row was made against an earlier version", async () => {
    const { section, db } = await lib();
    const user = await newReader();
    const ids = section.paragraphs.map((p) => p.id);
    await beat(user, { paragraphs: ids.slice(0, 2), active: 10, at: 30 });
    // As if the row had been written against an older text: another version, a stale count and an id that is gone.
    await db.sectionProgress.update({
      where: { userId_materialSlug_sectionSlug: { userId: user, materialSlug: MATERIAL, sectionSlug: SECTION } },
      data: { version: "0123456789ab", readChars: 99_999, readParagraphs: JSON.stringify([...ids.slice(0, 2), "p-ffffffffff"]) },
    });
    await beat(user, { paragraphs: ids.slice(2, 3), active: 20, at: 60 });
    const row = await progressOf(user);
    const expected = section.paragraphs.slice(0, 3).reduce((sum, p) => sum + p.chars, 0);
    expect(row.readChars).toBe(expected);
    expect(row.version).toBe(section.version);
    expect(JSON.parse(row.readParagraphs)).toContain("p-ffffffffff"); // never dropped: the read set only grows
  });
});
