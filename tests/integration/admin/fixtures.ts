import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { createTestDatabase, syncIdSequences, type TestDatabase } from "../helpers/database";
import { request } from "../helpers/next-request";

/*
 * A small unit tree and its accounts, inserted directly into the test database:
 *
 *   省局 ROOT (1)                 sys (SYSTEM_ADMIN)
 *   ├── 甲处 A (2)                adminA (UNIT_ADMIN), sysA (SYSTEM_ADMIN), readerA (READER)
 *   │   └── 甲处一科 A1 (3)       readerA1 (READER)
 *   │       └── 甲处一组 A1X (5)  (no accounts)
 *   └── 乙处 B (4)                readerB (READER), adminB (UNIT_ADMIN)
 */
export const UNITS = {
  root: { id: 1, name: "省局", code: "ROOT", parentId: null, path: "/1/", depth: 0 },
  a: { id: 2, name: "甲处", code: "A", parentId: 1, path: "/1/2/", depth: 1 },
  a1: { id: 3, name: "甲处一科", code: "A1", parentId: 2, path: "/1/2/3/", depth: 2 },
  b: { id: 4, name: "乙处", code: "B", parentId: 1, path: "/1/4/", depth: 1 },
  a1x: { id: 5, name: "甲处一组", code: "A1X", parentId: 3, path: "/1/2/3/5/", depth: 3 },
} as const;

export const USERS = {
  sys: { id: 1, account: "sys", name: "系统管理员", unitId: 1, role: "SYSTEM_ADMIN" },
  adminA: { id: 2, account: "admin-a", name: "甲处管理员", unitId: 2, role: "UNIT_ADMIN" },
  sysA: { id: 3, account: "sys-a", name: "甲处系统管理员", unitId: 2, role: "SYSTEM_ADMIN" },
  readerA: { id: 4, account: "reader-a", name: "甲处学员", unitId: 2, role: "READER" },
  readerA1: { id: 5, account: "reader-a1", name: "一科学员", unitId: 3, role: "READER" },
  readerB: { id: 6, account: "reader-b", name: "乙处学员", unitId: 4, role: "READER" },
  adminB: { id: 7, account: "admin-b", name: "乙处管理员", unitId: 4, role: "UNIT_ADMIN" },
} as const;

export type UserKey = keyof typeof USERS;

/** A fixture account as the data layer's acting user (its unit path, no forced password change). */
export function actorOf(key: UserKey) {
  const user = USERS[key];
  const unit = Object.values(UNITS).find((u) => u.id === user.unitId)!;
  return { ...user, unitPath: unit.path, mustChangePassword: false };
}

/** A study assignment on 甲处一科 (A1), for the assignment and reminder actions. */
export const ASSIGNMENT = { id: 1, materialSlug: "deep-poverty-speech", unitId: UNITS.a1.id, startDate: "2026-01-01", dueDate: "2099-12-31" } as const;

/** Empties the account tables (the audit log is append-only and stays) and inserts the fixture. */
export async function seedAccounts(): Promise<void> {
  const { getDb } = await import("@/lib/db");
  const db = await getDb();
  await db.session.deleteMany();
  await db.loginAttempt.deleteMany();
  await db.user.deleteMany();
  // Parents are RESTRICTed: delete the deepest units first.
  for (let depth = 20; depth >= 0; depth--) await db.unit.deleteMany({ where: { depth } });
  for (const unit of Object.values(UNITS)) await db.unit.create({ data: unit });
  for (const user of Object.values(USERS)) {
    await db.user.create({ data: { ...user, passwordHash: "not-a-real-hash", mustChangePassword: false } });
  }
  await db.assignment.create({ data: ASSIGNMENT });
  await syncIdSequences(["Unit", "User", "Assignment"]);
}

/** A 心得 readerA1 (甲处一科) submitted, for the review actions; not part of the default fixture. */
export const SUBMITTED_REFLECTION = { id: 9001, submittedAt: "2026-12-01T02:00:00.000Z", body: "一科学员提交的心得" } as const;

/** Inserts SUBMITTED_REFLECTION (its working text equals the submitted copy). */
export async function seedSubmittedReflection(): Promise<void> {
  const { getDb } = await import("@/lib/db");
  const { id, submittedAt, body } = SUBMITTED_REFLECTION;
  const at = new Date(submittedAt);
  // submittedAt is written as ISO text, as submitMyReflection writes it.
  await (await getDb()).$executeRaw`
    INSERT INTO "Reflection" ("id", "userId", "materialSlug", "sectionSlug", "body", "rev", "submittedBody", "submittedAt", "reviewState", "createdAt", "updatedAt")
    VALUES (${id}, ${USERS.readerA1.id}, ${ASSIGNMENT.materialSlug}, ${"part-1"}, ${body}, 1, ${body}, ${submittedAt}, 'SUBMITTED', ${at.toISOString()}, ${at.toISOString()})`;
}

/** Creates a real session for a fixture account and returns its cookie token. */
export async function createSessionFor(key: UserKey): Promise<string> {
  const { createSession } = await import("@/lib/auth/session");
  return (await createSession(USERS[key].id, { ip: "203.0.113.9", userAgent: "vitest" })).token;
}

/** Everything an action could change, to compare before and after a refused request. */
export async function snapshotAccounts() {
  const { getDb } = await import("@/lib/db");
  const db = await getDb();
  const [units, users, sessions, audit, assignments, reminders, reflections, reflectionComments] = await Promise.all([
    db.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, code: true, parentId: true, path: true, depth: true } }),
    db.user.findMany({
      orderBy: { id: "asc" },
      select: { id: true, account: true, name: true, unitId: true, role: true, disabled: true, mustChangePassword: true, passwordHash: true },
    }),
    db.session.count(),
    db.auditLog.count(),
    db.assignment.findMany({ orderBy: { id: "asc" } }),
    db.reminder.findMany({ orderBy: { id: "asc" } }),
    db.reflection.findMany({ orderBy: { id: "asc" }, select: { id: true, submittedAt: true, submittedBody: true, reviewState: true, returnReason: true } }),
    db.reflectionComment.count(),
  ]);
  return { units, users, sessions, audit, assignments, reminders, reflections, reflectionComments };
}

/** Form data as a browser would send it, with React's own `$ACTION_` plumbing field. */
export function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  data.set("$ACTION_REF_1", "");
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/** Asserts that a promise rejected with Next's redirect error to `path`. */
export async function expectRedirect(promise: Promise<unknown>, path: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { digest?: string },
  );
  expect(error?.digest, "expected a redirect").toMatch(/^NEXT_REDIRECT;/);
  expect(error?.digest?.split(";")[2]).toBe(path);
}

/**
 * Registers the hooks every action test file needs: a migrated database for the file, the fixture
 * re-seeded and nobody signed in before each test. (vi.mock of next/headers stays in each file:
 * vitest hoists it per file.)
 */
export function useAccountFixture(): void {
  let database: TestDatabase;
  beforeAll(() => {
    database = createTestDatabase();
  });
  afterAll(() => database.remove());
  beforeEach(async () => {
    await seedAccounts();
    request.token = undefined;
  });
}

/** Signs the next action calls in as a fixture account. */
export async function signInAs(key: UserKey | undefined): Promise<void> {
  request.token = key ? await createSessionFor(key) : undefined;
}
