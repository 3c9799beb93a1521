import { describe, expect, it } from "vitest";
import { SessionMemo, type CachedSession } from "@/lib/auth/session-cache";

const HOUR = 3_600_000;
const IDLE = 8 * HOUR;
const T0 = Date.parse("2026-12-08T08:00:00Z");

function entry(userId: number, overrides: Partial<CachedSession> = {}): CachedSession {
  return {
    user: { id: userId, account: `u${userId}`, name: "学员", role: "READER", unitId: 1, unitPath: "/1/", mustChangePassword: false },
    expiresAtMs: T0 + 7 * 24 * HOUR,
    lastSeenAtMs: T0,
    cachedAtMs: T0,
    ...overrides,
  };
}

function liveMemo(limits?: { maxAgeMs: number; maxEntries: number }): SessionMemo {
  const memo = new SessionMemo(limits);
  memo.setLive(true);
  return memo;
}

describe("the session cache's rules", () => {
  it("keeps and answers nothing while not live, and forgets everything when it stops being live", () => {
    const memo = new SessionMemo();
    memo.remember("a", entry(1), memo.generation);
    expect(memo.get("a", T0, IDLE)).toBeUndefined();
    memo.setLive(true);
    memo.remember("a", entry(1), memo.generation);
    expect(memo.get("a", T0 + 1, IDLE)?.user.id).toBe(1);
    memo.setLive(false);
    memo.setLive(true);
    expect(memo.get("a", T0 + 2, IDLE)).toBeUndefined();
  });

  it("does not keep a lookup that started before an invalidation", () => {
    const memo = liveMemo();
    const before = memo.generation;
    // The row was read, then a notification came in before the answer: it may be the old row.
    memo.invalidate("u:99");
    memo.remember("a", entry(1), before);
    expect(memo.get("a", T0, IDLE)).toBeUndefined();
    memo.remember("a", entry(1), memo.generation);
    expect(memo.get("a", T0, IDLE)).toBeDefined();
  });

  it("answers only within the absolute expiry, the idle timeout and its own maximum age", () => {
    const memo = liveMemo({ maxAgeMs: 5 * 60_000, maxEntries: 10 });
    memo.remember("a", entry(1, { expiresAtMs: T0 + HOUR }), memo.generation);
    expect(memo.get("a", T0 + HOUR - 1, 2 * HOUR)).toBeUndefined(); // older than 5 minutes
    expect(memo.get("a", T0 + 5 * 60_000 - 1, 2 * HOUR)).toBeDefined();

    memo.remember("b", entry(2, { expiresAtMs: T0 + 60_000 }), memo.generation);
    expect(memo.get("b", T0 + 59_999, IDLE)).toBeDefined();
    expect(memo.get("b", T0 + 60_000, IDLE)).toBeUndefined();

    memo.remember("c", entry(3), memo.generation);
    expect(memo.get("c", T0 + 30_000, 30_000)).toBeUndefined(); // idle for the whole timeout
    expect(memo.get("c", T0 + 29_999, 30_000)).toBeDefined();
    expect(memo.get("c", T0 - 1, IDLE)).toBeUndefined(); // a clock before the last use
  });

  it("drops one session, one user's sessions, or everything, by the notification's payload", () => {
    const memo = liveMemo();
    memo.remember("a", entry(1), memo.generation);
    memo.remember("b", entry(1), memo.generation);
    memo.remember("c", entry(2), memo.generation);
    memo.remember("d", entry(3), memo.generation);
    memo.invalidate("s:a");
    expect(memo.get("a", T0, IDLE)).toBeUndefined();
    expect(memo.get("b", T0, IDLE)).toBeDefined();
    memo.invalidate("u:1");
    expect(memo.get("b", T0, IDLE)).toBeUndefined();
    expect(memo.get("c", T0, IDLE)).toBeDefined();
    // A payload this version does not know drops everything rather than nothing.
    memo.invalidate("x:something-new");
    expect(memo.get("c", T0, IDLE)).toBeUndefined();
    expect(memo.get("d", T0, IDLE)).toBeUndefined();
    expect(memo.stats()).toMatchObject({ live: true, size: 0, invalidations: 3 });
  });

  it("drops everything before an answer when told the database changed elsewhere (SQLite's data_version)", () => {
    let changed = false;
    const memo = new SessionMemo();
    memo.setLive(true, () => changed);
    memo.remember("a", entry(1), memo.generation);
    expect(memo.get("a", T0, IDLE)).toBeDefined();
    changed = true;
    expect(memo.get("a", T0, IDLE)).toBeUndefined();
    changed = false;
    expect(memo.stats().size).toBe(0);
    // Not live: the check is not asked, and it is forgotten with the rest.
    memo.setLive(false);
    changed = true;
    expect(memo.get("a", T0, IDLE)).toBeUndefined();
    expect(memo.stats().invalidations).toBe(1);
  });

  it("keeps at most its bound of entries, dropping the oldest", () => {
    const memo = liveMemo({ maxAgeMs: 60_000, maxEntries: 3 });
    for (const id of ["a", "b", "c", "d"]) memo.remember(id, entry(1), memo.generation);
    expect(memo.stats().size).toBe(3);
    expect(memo.get("a", T0, IDLE)).toBeUndefined();
    expect(memo.get("d", T0, IDLE)).toBeDefined();
  });

  it("hands out a frozen copy of the user, so one request cannot change what another sees", () => {
    const memo = liveMemo();
    const user = { ...entry(1).user };
    memo.remember("a", entry(1, { user }), memo.generation);
    user.name = "改过";
    const answer = memo.get("a", T0, IDLE)!;
    expect(answer.user.name).toBe("学员");
    expect(Object.isFrozen(answer.user)).toBe(true);
  });
});
