import "server-only";
import { getSection, type Section } from "../content";
import { getDb } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Beat } from "../schemas/progress";
import { dialect, executeReturning } from "../sql";
import { PROGRESS_RULES, requiredActiveSeconds, requiredReadChars } from "./config";
import { hasUnreadChanges } from "./state-sql";

/** A beat the server refuses; `status` is the HTTP status, `message` is shown to the reader. */
export class BeatError extends Error {
  constructor(
    readonly status: 404 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "BeatError";
  }
}

/** Paragraph ids a beat may name: the current version's, and those of the version the page showed. */
async function getKnownParagraphIds(beat: Beat, currentIds: string[], currentVersion: string): Promise<Set<string>> {
  const known = new Set(currentIds);
  if (beat.version === currentVersion) return known;
  const db = await getDb();
  const revision = await db.sectionRevision.findUnique({
    where: { materialSlug_sectionSlug_version: { materialSlug: beat.material, sectionSlug: beat.section, version: beat.version } },
    select: { paragraphs: true },
  });
  if (!revision) throw new BeatError(422, "unknown_version", "页面版本已过期，请刷新页面后继续阅读");
  for (const paragraph of JSON.parse(revision.paragraphs) as Array<{ id: string }>) known.add(paragraph.id);
  return known;
}

// The lengths of a section's paragraphs as JSON, built once per section version (sections are immutable).
const charsJsonCache = new WeakMap<Section, string>();

function getCharsJson(section: Section): string {
  let json = charsJsonCache.get(section);
  if (json === undefined) {
    json = JSON.stringify(Object.fromEntries(section.paragraphs.map((p) => [p.id, p.chars])));
    charsJsonCache.set(section, json);
  }
  return json;
}

/**
 * Merges one beat into the reader's progress with a single INSERT … ON CONFLICT DO UPDATE, so that
 * concurrent beats never lose each other's work and no interactive transaction is needed:
 * - the read set is the union of what was stored and what the beat names (it only grows);
 * - the furthest position only moves forward;
 * - active time grows by what this page view has not reported yet, capped by the real time since the
 *   reader's previous beat from any tab (ReaderClock, kept by a trigger in the same statement);
 * - a section never completed is completed at the first beat that meets the rule; one completed in an
 *   earlier version (本节内容已更新) is completed again at the beat that has read every paragraph new
 *   since then, and completedAt moves to that beat; completedVersion is then the current version.
 * `options.holdClock` is for every beat of a delivered batch but the last (see MergeOptions).
 */
export async function recordBeat(userId: number, beat: Beat, now = new Date(), options: MergeOptions = {}): Promise<StoredProgressRow> {
  const statement = await buildBeatStatement(userId, beat, now, options);
  for (let attempt = 1; ; attempt++) {
    // Through the hot path's prepared-statement cache (lib/sql.ts): the text is the same for every beat.
    const [stored] = await executeReturning<StoredProgressRow>(statement, { prepared: true });
    if (stored) return stored;
    // PostgreSQL only (SQLite's statement always writes its row): another beat of this new reader
    // created the reader's clock row while this one ran; run again, now waiting on that row's lock.
    if (attempt >= CLOCK_RACE_ATTEMPTS) throw new Error(`the beat merge for user ${userId} wrote nothing after ${attempt} attempts`);
  }
}

/**
 * The section's progress row as the merge left it (its RETURNING clause): what the beat's answer
 * reports (lib/progress/read.ts getSectionStatusOf), without reading the row again.
 */
export type StoredProgressRow = {
  readParagraphs: string;
  activeSeconds: number | bigint;
  /** ISO text on both databases (lib/sql.ts), or null. */
  completedAt: string | null;
  completedVersion: string | null;
  lastParagraphId: string | null;
};

/** The merge's RETURNING clause: the columns of StoredProgressRow. */
const RETURNING_STORED = Prisma.raw(`RETURNING "readParagraphs", "activeSeconds", "completedAt", "completedVersion", "lastParagraphId"`);

/** How one beat of a delivery is merged. */
export type MergeOptions = {
  /**
   * More beats of the same delivery follow (a batch queued while offline: several page views, a
   * reload, several sections). The clock then moves on by exactly what this beat added, never jumps
   * to now, so the time the next beats of the batch earned in the same spell is still there to be
   * credited; the last beat of the batch settles the clock as usual. Honesty is unchanged: each beat
   * adds at most the time since the clock, and the clock moves by what it added.
   */
  holdClock?: boolean;
};

/** A statement that lost the race for a new reader's clock row runs again; twice always suffices, three is slack. */
const CLOCK_RACE_ATTEMPTS = 3;

/**
 * Validates a beat and returns the one SQL statement that merges it (see recordBeat). Exposed so that
 * the benchmark can run the very same statement through the raw driver.
 */
export async function buildBeatStatement(userId: number, beat: Beat, now = new Date(), options: MergeOptions = {}): Promise<Prisma.Sql> {
  const view = getSection(beat.material, beat.section);
  if (!view) throw new BeatError(404, "unknown_section", "找不到这一节");
  const { section } = view;
  const currentIds = section.paragraphs.map((p) => p.id);
  const known = await getKnownParagraphIds(beat, currentIds, section.version);
  const unknown = beat.paragraphs.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new BeatError(422, "unknown_paragraph", "记录中包含本节不存在的段落，请刷新页面");

  const chars = getCharsJson(section);
  const uniqueIds = [...new Set(beat.paragraphs)];
  const ids = JSON.stringify(uniqueIds);
  // The beat's own paragraphs of the current text with their lengths: what it can add to readChars.
  const charsById = new Map(section.paragraphs.map((p) => [p.id, p.chars]));
  const beatCurrent = uniqueIds.filter((id) => charsById.has(id));
  const beatChars = JSON.stringify(Object.fromEntries(beatCurrent.map((id) => [id, charsById.get(id)])));
  const freshChars = beatCurrent.reduce((sum, id) => sum + (charsById.get(id) ?? 0), 0);
  const furthest = Math.max(-1, ...beat.paragraphs.map((id) => currentIds.indexOf(id)));
  const lastParagraphId = furthest >= 0 ? (currentIds[furthest] ?? null) : null;
  const needChars = requiredReadChars(section.chars);
  const needActive = requiredActiveSeconds(section.chars);
  const at = now.toISOString();
  const input: MergeInput = {
    userId, beat, version: section.version, chars, beatChars, ids, freshChars, furthest, lastParagraphId, needChars, needActive, at,
    holdClock: options.holdClock === true,
  };
  return dialect() === "postgresql" ? postgresMergeStatement(input) : sqliteMergeStatement(input);
}

/** What the merge statement needs, computed once in JavaScript. */
type MergeInput = {
  userId: number;
  beat: Beat;
  /** The section's current version. */
  version: string;
  /** JSON {paragraphId: chars} of the current text. */
  chars: string;
  /** JSON {paragraphId: chars} of the beat's paragraphs in the current text. */
  beatChars: string;
  /** JSON array of the beat's paragraph ids. */
  ids: string;
  freshChars: number;
  furthest: number;
  lastParagraphId: string | null;
  needChars: number;
  needActive: number;
  /** The beat's moment, ISO text. */
  at: string;
  /** MergeOptions.holdClock. */
  holdClock: boolean;
};

// The reader's clock is the moment up to which their time has been credited. A beat may add at
// most the whole seconds since then; the clock then moves on by exactly what was added, so the
// fraction left over counts next time and no number or rhythm of beats can add up to more than
// the real time that passed. When a beat claims less than the time available (the reader paused),
// the clock jumps to now: idle time cannot be claimed later. Within a batch (holdClock) the jump waits
// for the batch's last beat, so one page view's beat cannot throw away what another one earned.

function sqliteMergeStatement(input: MergeInput): Prisma.Sql {
  const { userId, beat, version, chars, beatChars, ids, freshChars, furthest, lastParagraphId, needChars, needActive, at } = input;
  const { viewId, activeSeconds: active } = beat;
  // Fragments used more than once; each ${value} becomes its own bound parameter.
  const clock = Prisma.sql`(SELECT "lastBeatAt" FROM "ReaderClock" WHERE "userId" = ${userId})`;
  // A literal, not a parameter: the statement text differs by it, and each text stays prepared.
  const holdSql = Prisma.raw(input.holdClock ? "1" : "0");
  // Whole seconds, via rounded milliseconds: julianday's floating point would turn 10 s into 9.999….
  const sinceLastBeat = Prisma.sql`MAX(0, CAST(ROUND((julianday(${at}) - julianday(${clock})) * 86400000) AS INTEGER) / 1000)`;
  const nextClock = (addedSql: Prisma.Sql) =>
    Prisma.sql`CASE WHEN ${clock} IS NOT NULL AND (${holdSql} OR ${addedSql} >= ${sinceLastBeat}) THEN strftime('%Y-%m-%dT%H:%M:%fZ', julianday(${clock}) + ${addedSql} / 86400.0) ELSE ${at} END`;
  const charsOf = (idsSql: Prisma.Sql) => Prisma.sql`(SELECT COALESCE(SUM(c.value), 0) FROM json_each(${chars}) c WHERE c.key IN (${idsSql}))`;
  const union = Prisma.sql`SELECT value FROM json_each(p."readParagraphs") UNION SELECT value FROM json_each(excluded."readParagraphs")`;
  // readChars of the merged row: the stored count plus the beat's paragraphs not read before, while
  // the row is of the current version; after a revision, recounted from the whole union.
  const readCharsAfter = Prisma.sql`CASE WHEN p."version" = ${version}
    THEN p."readChars" + (SELECT COALESCE(SUM(c.value), 0) FROM json_each(${beatChars}) c WHERE c.key NOT IN (SELECT value FROM json_each(p."readParagraphs")))
    ELSE ${charsOf(union)} END`;
  const firstAdded = Prisma.sql`MIN(${active}, COALESCE(${sinceLastBeat}, ${PROGRESS_RULES.firstBeatCapSeconds}))`;
  const added = Prisma.sql`MIN(CASE WHEN p."lastViewId" = ${viewId} THEN MAX(0, ${active} - p."lastViewActive") ELSE ${active} END, ${sinceLastBeat})`;
  const complete = (readChars: Prisma.Sql, activeSql: Prisma.Sql) => Prisma.sql`(${readChars} >= ${needChars} AND ${activeSql} >= ${needActive})`;
  const unreadChanges = hasUnreadChanges({
    material: beat.material, section: beat.section, charsJson: chars, completedVersion: Prisma.sql`p."completedVersion"`, readIds: union,
  });
  const newComplete = Prisma.sql`(CASE WHEN p."completedVersion" IS NULL THEN ${complete(readCharsAfter, Prisma.sql`p."activeSeconds" + ${added}`)}
    WHEN p."completedVersion" = ${version} THEN 1 ELSE NOT ${unreadChanges} END)`;
  const firstComplete = complete(Prisma.sql`${freshChars}`, firstAdded);

  // SQLite evaluates every SET expression against the row as it was, so repeating readCharsAfter in
  // several of them is correct (and it is small).
  return Prisma.sql`
    INSERT INTO "SectionProgress" AS p ("userId", "materialSlug", "sectionSlug", "version", "readParagraphs", "readChars",
      "furthestIndex", "lastParagraphId", "activeSeconds", "lastViewId", "lastViewActive", "lastBeatAt", "completedAt",
      "completedVersion", "createdAt", "updatedAt")
    SELECT ${userId}, ${beat.material}, ${beat.section}, ${version}, ${ids},
      ${freshChars}, ${furthest}, ${lastParagraphId}, ${firstAdded}, ${viewId}, ${active}, ${nextClock(firstAdded)},
      CASE WHEN ${firstComplete} THEN ${at} END, CASE WHEN ${firstComplete} THEN ${version} END, ${at}, ${at}
    WHERE true
    ON CONFLICT ("userId", "materialSlug", "sectionSlug") DO UPDATE SET
      "readParagraphs" = (SELECT json_group_array(value) FROM (${union})),
      "readChars" = ${readCharsAfter},
      "furthestIndex" = MAX(p."furthestIndex", excluded."furthestIndex"),
      "lastParagraphId" = CASE WHEN excluded."furthestIndex" > p."furthestIndex" THEN excluded."lastParagraphId" ELSE p."lastParagraphId" END,
      "activeSeconds" = p."activeSeconds" + ${added},
      "lastViewActive" = CASE WHEN p."lastViewId" = ${viewId} THEN MAX(p."lastViewActive", ${active}) ELSE ${active} END,
      "lastViewId" = ${viewId},
      "version" = ${version},
      "lastBeatAt" = ${nextClock(added)},
      "completedAt" = CASE WHEN p."completedVersion" IS NOT ${version} AND ${newComplete} THEN ${at} ELSE p."completedAt" END,
      "completedVersion" = CASE WHEN ${newComplete} THEN ${version} ELSE p."completedVersion" END,
      "updatedAt" = ${at}
    ${RETURNING_STORED}`;
}

/**
 * The same merge in PostgreSQL. Two differences beyond syntax:
 * - every parameter is cast, because an untyped parameter in a SELECT list would be taken as text;
 * - the reader's clock row is read FOR UPDATE in a CTE: PostgreSQL runs beats of one reader's
 *   different sections concurrently (SQLite serializes all writes), and without the lock both would
 *   credit the same seconds. The second beat waits, then reads the clock the first one moved.
 * A new reader has no clock row to lock, so the statement creates it race-free: `new_clock` inserts it
 * (ON CONFLICT DO NOTHING) when the snapshot showed none. Of concurrent first beats one inserts; the
 * others' inserts wait for it to commit and then do nothing, and their merge writes no row (the WHERE
 * below): recordBeat runs them again, when the row exists and they lock it like any later beat.
 * Without this, 5 concurrent first beats of 30 s were each credited in full (issue 14, finding 7).
 * GREATEST/LEAST skip NULLs where SQLite's MAX/MIN return NULL, so "no clock yet" is tested explicitly.
 */
function postgresMergeStatement(input: MergeInput): Prisma.Sql {
  const { userId, beat, version, chars, beatChars, ids, freshChars, furthest, lastParagraphId, needChars, needActive, at } = input;
  const { viewId, activeSeconds: active } = beat;
  const now = Prisma.sql`${at}::timestamp(3)`;
  const clock = Prisma.sql`(SELECT "lastBeatAt" FROM reader_clock)`;
  const holdSql = Prisma.raw(input.holdClock ? "true" : "false");
  const sinceLastBeat = Prisma.sql`(CASE WHEN ${clock} IS NULL THEN NULL
    ELSE GREATEST(0, (ROUND(EXTRACT(EPOCH FROM (${now} - ${clock})) * 1000)::bigint / 1000)::int) END)`;
  const nextClock = (addedSql: Prisma.Sql) =>
    Prisma.sql`CASE WHEN ${clock} IS NOT NULL AND (${holdSql} OR ${addedSql} >= ${sinceLastBeat}) THEN ${clock} + make_interval(secs => ${addedSql}) ELSE ${now} END`;
  const storedIds = Prisma.sql`SELECT value FROM json_array_elements_text(p."readParagraphs"::json)`;
  const union = Prisma.sql`${storedIds} UNION SELECT value FROM json_array_elements_text(excluded."readParagraphs"::json)`;
  const readCharsAfter = Prisma.sql`CASE WHEN p."version" = ${version}::text
    THEN p."readChars" + (SELECT COALESCE(SUM(c.value::int), 0)::int FROM json_each_text(${beatChars}::json) c WHERE c.key NOT IN (${storedIds}))
    ELSE (SELECT COALESCE(SUM(c.value::int), 0)::int FROM json_each_text(${chars}::json) c WHERE c.key IN (${union})) END`;
  const firstAdded = Prisma.sql`LEAST(${active}::int, COALESCE(${sinceLastBeat}, ${PROGRESS_RULES.firstBeatCapSeconds}::int))`;
  const added = Prisma.sql`LEAST(CASE WHEN p."lastViewId" = ${viewId}::text THEN GREATEST(0, ${active}::int - p."lastViewActive") ELSE ${active}::int END, ${sinceLastBeat})`;
  const complete = (readChars: Prisma.Sql, activeSql: Prisma.Sql) => Prisma.sql`(${readChars} >= ${needChars}::int AND ${activeSql} >= ${needActive}::int)`;
  const unreadChanges = hasUnreadChanges({
    material: beat.material, section: beat.section, charsJson: chars, completedVersion: Prisma.sql`p."completedVersion"`, readIds: union,
  });
  const newComplete = Prisma.sql`(CASE WHEN p."completedVersion" IS NULL THEN ${complete(readCharsAfter, Prisma.sql`p."activeSeconds" + ${added}`)}
    WHEN p."completedVersion" = ${version}::text THEN true ELSE NOT ${unreadChanges} END)`;
  const firstComplete = complete(Prisma.sql`${freshChars}::int`, firstAdded);

  return Prisma.sql`
    WITH reader_clock AS (SELECT "lastBeatAt" FROM "ReaderClock" WHERE "userId" = ${userId}::int FOR UPDATE),
    new_clock AS (
      -- Its value is provisional: the clock trigger sets the real one when the row below is written.
      INSERT INTO "ReaderClock" ("userId", "lastBeatAt")
      SELECT ${userId}::int, ${now} WHERE NOT EXISTS (SELECT 1 FROM reader_clock)
      ON CONFLICT ("userId") DO NOTHING
      RETURNING 1
    )
    INSERT INTO "SectionProgress" AS p ("userId", "materialSlug", "sectionSlug", "version", "readParagraphs", "readChars",
      "furthestIndex", "lastParagraphId", "activeSeconds", "lastViewId", "lastViewActive", "lastBeatAt", "completedAt",
      "completedVersion", "createdAt", "updatedAt")
    SELECT ${userId}::int, ${beat.material}::text, ${beat.section}::text, ${version}::text, ${ids}::text,
      ${freshChars}::int, ${furthest}::int, ${lastParagraphId}::text, ${firstAdded}, ${viewId}::text, ${active}::int, ${nextClock(firstAdded)},
      CASE WHEN ${firstComplete} THEN ${now} END, CASE WHEN ${firstComplete} THEN ${version}::text END, ${now}, ${now}
    WHERE EXISTS (SELECT 1 FROM reader_clock) OR EXISTS (SELECT 1 FROM new_clock)
    ON CONFLICT ("userId", "materialSlug", "sectionSlug") DO UPDATE SET
      "readParagraphs" = (SELECT COALESCE(json_agg(u.value), '[]'::json)::text FROM (${union}) u),
      "readChars" = ${readCharsAfter},
      "furthestIndex" = GREATEST(p."furthestIndex", excluded."furthestIndex"),
      "lastParagraphId" = CASE WHEN excluded."furthestIndex" > p."furthestIndex" THEN excluded."lastParagraphId" ELSE p."lastParagraphId" END,
      "activeSeconds" = p."activeSeconds" + ${added},
      "lastViewActive" = CASE WHEN p."lastViewId" = ${viewId}::text THEN GREATEST(p."lastViewActive", ${active}::int) ELSE ${active}::int END,
      "lastViewId" = ${viewId}::text,
      "version" = ${version}::text,
      "lastBeatAt" = ${nextClock(added)},
      "completedAt" = CASE WHEN p."completedVersion" IS DISTINCT FROM ${version}::text AND ${newComplete} THEN ${now} ELSE p."completedAt" END,
      "completedVersion" = CASE WHEN ${newComplete} THEN ${version}::text ELSE p."completedVersion" END,
      "updatedAt" = ${now}
    ${RETURNING_STORED}`;
}
