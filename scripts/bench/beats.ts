// Reading beats as the browser's tracker sends them (components/reading-tracker.tsx), for many
// signed-in readers at once, so POST /api/progress is loaded with realistic, varied beats rather than
// one hot row.
import { randomBytes } from "node:crypto";
import type { RequestParams } from "autocannon";
import Database from "better-sqlite3";

export type BenchReader = { account: string; userId: number; cookie: string };
export type BenchSection = { slug: string; version: string; paragraphIds: string[] };
export type BeatRequest = { headers: Record<string, string>; body: string };

/** The material the bench reads: the demo content every checkout has. */
export const BEAT_MATERIAL = "deep-poverty-speech";
/** Tells the raw-driver baseline whose beat it is; it has no sessions. Next ignores the header. */
export const BENCH_USER_HEADER = "x-bench-user";

/**
 * Sessions for the demo readers (reader01…reader30), created in the bench database as the login form
 * would; the newcomer (must change the password first) and administrators are left out.
 */
export async function createReaderSessions(databaseUrl: string): Promise<BenchReader[]> {
  process.env.DATABASE_URL = databaseUrl;
  const { getDb } = await import("../../lib/db");
  const { createSession, SESSION_COOKIE } = await import("../../lib/auth/session");
  const { listDemoAccounts } = await import("../../lib/setup/demo-data");
  const accounts = listDemoAccounts().filter((a) => a.role === "READER" && !a.mustChangePassword).map((a) => a.account);
  const db = await getDb();
  const users = await db.user.findMany({ where: { account: { in: accounts } }, select: { id: true, account: true }, orderBy: { account: "asc" } });
  if (users.length === 0) throw new Error("no demo readers in the bench database (db:seed-demo did not seed?)");
  const readers: BenchReader[] = [];
  for (const user of users) {
    const { token } = await createSession(user.id, { userAgent: "bench" });
    readers.push({ account: user.account, userId: user.id, cookie: `${SESSION_COOKIE}=${token}` });
  }
  return readers;
}

/** The sections of the bench material with their current version and paragraph ids. */
export async function loadBenchSections(): Promise<BenchSection[]> {
  const { getMaterial } = await import("../../lib/content");
  const material = getMaterial(BEAT_MATERIAL);
  if (!material) throw new Error(`material "${BEAT_MATERIAL}" not found in the content folder`);
  return material.sections.map((s) => ({ slug: s.slug, version: s.version, paragraphIds: s.paragraphs.map((p) => p.id) }));
}

type ReaderState = { sectionIndex: number; viewId: string; beat: number };

function createViewId(): string {
  // What the tracker makes: 12 random bytes as 16 base64url characters.
  return randomBytes(12).toString("base64url");
}

/**
 * An endless stream of beats, readers taken round-robin. Each reader reads one section per page view,
 * as the tracker reports it: every beat names the paragraphs read so far in that view (one more per
 * beat, until the section is read) and the active seconds so far (one beat interval more each time);
 * one beat after the last paragraph the reader moves on to the next section with a new view id.
 * Readers start on different sections, so concurrent beats land on different rows.
 */
export class BeatStream {
  private readonly states: ReaderState[];
  private turn = 0;

  constructor(
    private readonly readers: BenchReader[],
    private readonly sections: BenchSection[],
    private readonly intervalSeconds: number,
  ) {
    if (readers.length === 0 || sections.length === 0) throw new Error("BeatStream needs readers and sections");
    // Staggered: readers start on different sections and at different points of a view, so beats of
    // every length (one paragraph to the whole section) are in the mix from the start.
    this.states = readers.map((_, i) => {
      const sectionIndex = i % sections.length;
      const beat = Math.floor(i / sections.length) % (sections[sectionIndex]!.paragraphIds.length + 1);
      return { sectionIndex, viewId: createViewId(), beat };
    });
  }

  /** How many readers take turns. */
  get readerCount(): number {
    return this.readers.length;
  }

  /** The next beat: headers for any of the three servers (session cookie, Origin, reader id) and the JSON body. */
  next(origin: string): BeatRequest {
    const index = this.turn++ % this.readers.length;
    const reader = this.readers[index]!;
    const state = this.states[index]!;
    let section = this.sections[state.sectionIndex]!;
    if (state.beat > section.paragraphIds.length) {
      state.sectionIndex = (state.sectionIndex + 1) % this.sections.length;
      state.viewId = createViewId();
      state.beat = 0;
      section = this.sections[state.sectionIndex]!;
    }
    state.beat += 1;
    const body = JSON.stringify({
      material: BEAT_MATERIAL,
      section: section.slug,
      version: section.version,
      viewId: state.viewId,
      paragraphs: section.paragraphIds.slice(0, state.beat),
      activeSeconds: state.beat * this.intervalSeconds,
      clientTime: Date.now(),
    });
    return {
      headers: {
        cookie: reader.cookie,
        // The progress route refuses a POST whose Origin is not the host it was sent to.
        origin,
        "content-type": "application/json",
        [BENCH_USER_HEADER]: String(reader.userId),
      },
      body,
    };
  }

  /** An autocannon setupRequest that sends this stream's next beat each time. */
  toSetupRequest(origin: string): (request: RequestParams) => RequestParams {
    return (request) => {
      const beat = this.next(origin);
      // A new object each time: autocannon adds Content-Length to the headers object it is given.
      return { ...request, method: "POST", headers: { ...request.headers, ...beat.headers }, body: beat.body };
    };
  }
}

// Marks the pool's sessions, so they are told apart from the readers' own (user agent "bench").
const POOL_USER_AGENT = "bench-capacity";
// SQLite keeps Prisma DateTimes as text; the pool writes the same format the app wrote.
const STORED_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

function toStoredDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * Sessions for the capacity search, one per simulated reader (spread over the demo readers' accounts).
 *
 * Why: a session's lastSeenAt is refreshed when it was last seen a minute or more ago
 * (lib/auth/session.ts), so a reader beating every 30 s costs one extra UPDATE every other beat.
 * 30 sessions beating hundreds of times a second would almost never pay it. So each beat of a step
 * comes from its own session, and before every step `steady()` makes every other session due for the
 * refresh, as in production.
 */
export class SessionPool {
  readonly readers: BenchReader[] = [];
  private readonly db: Database.Database;

  constructor(dbFile: string, owners: BenchReader[], size: number, hash: (token: string) => string, cookieName: string) {
    this.db = new Database(dbFile, { fileMustExist: true });
    // next start writes to the same file; wait for its lock rather than fail.
    this.db.pragma("busy_timeout = 5000");
    const template = this.db.prepare('SELECT "createdAt", "expiresAt" FROM "Session" WHERE "userAgent" = ? LIMIT 1').get("bench") as
      | { createdAt: string; expiresAt: string }
      | undefined;
    if (!template || !STORED_DATE.test(template.expiresAt)) {
      throw new Error(`cannot create the capacity sessions: unexpected stored date format ${JSON.stringify(template)}`);
    }
    const insert = this.db.prepare('INSERT INTO "Session" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt", "userAgent") VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (let i = 0; i < size; i++) {
        const owner = owners[i % owners.length]!;
        const token = randomBytes(24).toString("base64url");
        insert.run(hash(token), owner.userId, template.createdAt, template.createdAt, template.expiresAt, POOL_USER_AGENT);
        this.readers.push({ account: owner.account, userId: owner.userId, cookie: `${cookieName}=${token}` });
      }
    })();
  }

  /**
   * Puts every session in the state a reader beating every 30 s is in: alternately seen 30 s ago (no
   * refresh due) and 65 s ago (refresh due at its next beat). Inserted in order, so neighbours in the
   * round-robin alternate.
   */
  steady(now = Date.now()): void {
    this.db
      .prepare('UPDATE "Session" SET "lastSeenAt" = CASE WHEN rowid % 2 = 0 THEN ? ELSE ? END WHERE "userAgent" = ?')
      .run(toStoredDate(new Date(now - 30_000)), toStoredDate(new Date(now - 65_000)), POOL_USER_AGENT);
  }

  close(): void {
    this.db.close();
  }
}

/** A pool of `size` sessions over the readers' accounts in the bench database. */
export async function createSessionPool(dbFile: string, owners: BenchReader[], size: number): Promise<SessionPool> {
  const { hashSessionToken, SESSION_COOKIE } = await import("../../lib/auth/session");
  return new SessionPool(dbFile, owners, size, hashSessionToken, SESSION_COOKIE);
}
