import "server-only";
import type { SessionUser } from "./session";

/**
 * Sessions this process has looked up, kept so the lean path (lib/server/lean-routes.ts) can answer
 * a reader without a database lookup per request, and only while the process learns of every change
 * that could end or alter a session (lib/auth/session-listener.ts):
 * - PostgreSQL: it LISTENs for the notifications the database's triggers send (a session deleted or
 *   set back, a user changed, a unit moved, a table truncated), and the cache is live only while that
 *   channel is proven to work;
 * - SQLite: before every answer, `PRAGMA data_version` says whether any other connection (another
 *   process, or Prisma's in this one) has committed since; if so, everything kept is dropped.
 * While not live, nothing is kept and every lookup goes to the database.
 *
 * A kept entry answers only what the database would answer too: it is used before its absolute
 * expiry, within the idle timeout of the last use this process saw (a longer idle gap goes to the
 * database, which may know of a later use on another instance), and for at most MAX_AGE_MS.
 */

/** What is kept of a valid session (never the token; the id is its hash). */
export type CachedSession = { user: Readonly<SessionUser>; expiresAtMs: number; lastSeenAtMs: number; cachedAtMs: number };

/** Belt and braces for a change that bypasses the triggers (a restore with triggers disabled): at most this stale. */
export const MAX_AGE_MS = 5 * 60_000;
/** Entries kept; the oldest go first. About 300 bytes each. */
export const MAX_ENTRIES = 50_000;

/** Cache hits, misses and invalidations since the process started (the bench and tests read them). */
export type SessionCacheStats = { live: boolean; size: number; hits: number; misses: number; invalidations: number };

/**
 * The cache's state and rules, without the database: `generation` changes with every invalidation,
 * so a lookup that started before one (and may have read the old row) is not kept after it.
 */
export class SessionMemo {
  private entries = new Map<string, CachedSession>();
  private isLive = false;
  private generationCount = 0;
  private counts = { hits: 0, misses: 0, invalidations: 0 };
  private changedElsewhere?: () => boolean;

  constructor(private readonly limits = { maxAgeMs: MAX_AGE_MS, maxEntries: MAX_ENTRIES }) {}

  get live(): boolean {
    return this.isLive;
  }

  /** Taken before a database lookup and handed back to remember(). */
  get generation(): number {
    return this.generationCount;
  }

  /** The kept session if it may answer at `nowMs` without the database (see the module's comment). */
  get(sessionId: string, nowMs: number, idleMs: number): CachedSession | undefined {
    if (this.isLive && this.changedElsewhere?.()) this.invalidate("*");
    const entry = this.isLive ? this.entries.get(sessionId) : undefined;
    const usable =
      entry !== undefined &&
      nowMs < entry.expiresAtMs &&
      nowMs - entry.lastSeenAtMs < idleMs &&
      nowMs >= entry.lastSeenAtMs &&
      nowMs - entry.cachedAtMs < this.limits.maxAgeMs;
    if (!usable) {
      this.counts.misses++;
      return undefined;
    }
    this.counts.hits++;
    return entry;
  }

  /** Keeps a session just read from the database, unless an invalidation came since `generation`. */
  remember(sessionId: string, entry: CachedSession, generation: number): void {
    if (!this.isLive || generation !== this.generationCount) return;
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { ...entry, user: Object.freeze({ ...entry.user }) });
    if (this.entries.size > this.limits.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /**
   * Applies one notification's payload: `s:<session id>` (ended or changed), `u:<user id>` (the
   * user changed or their sessions ended), anything else (`*`, or a payload this version does not
   * know) drops everything.
   */
  invalidate(payload: string): void {
    this.generationCount++;
    this.counts.invalidations++;
    if (payload.startsWith("s:")) {
      this.entries.delete(payload.slice(2));
    } else if (payload.startsWith("u:") && /^\d+$/.test(payload.slice(2))) {
      const userId = Number(payload.slice(2));
      for (const [id, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(id);
    } else {
      this.entries.clear();
    }
  }

  /**
   * Going live or not drops everything: changes may have been missed while not listening.
   * `changedElsewhere`, if given, is asked before every answer and drops everything when it says so.
   */
  setLive(live: boolean, changedElsewhere?: () => boolean): void {
    this.generationCount++;
    this.entries.clear();
    this.isLive = live;
    this.changedElsewhere = live ? changedElsewhere : undefined;
  }

  stats(): SessionCacheStats {
    return { live: this.isLive, size: this.entries.size, ...this.counts };
  }
}

// On globalThis: instrumentation and the route bundles may each hold a copy of this module.
const holder = globalThis as typeof globalThis & { __portalSessionMemo?: SessionMemo };

/** The process's session cache. */
export function getSessionMemo(): SessionMemo {
  return (holder.__portalSessionMemo ??= new SessionMemo());
}

/** Drops what this process kept of a session at once (it ended here; other instances hear the trigger). */
export function forgetCachedSession(sessionId: string): void {
  getSessionMemo().invalidate(`s:${sessionId}`);
}

/** Drops what this process kept of a user's sessions at once (the user changed here). */
export function forgetCachedUser(userId: number): void {
  getSessionMemo().invalidate(`u:${userId}`);
}

/** Drops everything this process kept (a unit moved here, changing its readers' unit paths). */
export function forgetCachedSessions(): void {
  getSessionMemo().invalidate("*");
}
