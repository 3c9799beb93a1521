/**
 * The permission matrix for server actions (public POST endpoints): each action, called as each kind
 * of visitor with input aimed at an account and unit in one unit administrator's subtree. Refusals
 * must leave the database exactly as it was. An exported action without a row fails the test.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { ASSIGNMENT, SUBMITTED_REFLECTION, UNITS, USERS, form, seedSubmittedReflection, signInAs, snapshotAccounts, useAccountFixture, type UserKey } from "./admin/fixtures";

vi.mock("next/headers", () => import("./helpers/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// Before the fixture's own reset: published materials hold their audience unit (RESTRICT).
beforeEach(async () => {
  const { getDb } = await import("@/lib/db");
  const db = await getDb().catch(() => null);
  await db?.publishedMaterial.deleteMany();
});
useAccountFixture();

const ROOT = path.resolve(__dirname, "../..");
const ROLES: Array<{ name: string; user?: UserKey }> = [
  { name: "anonymous" },
  { name: "reader", user: "readerB" },
  { name: "otherUnitAdmin", user: "adminB" },
  { name: "subtreeAdmin", user: "adminA" },
  { name: "systemAdmin", user: "sys" },
];

/**
 * "login": redirected to the login page, nothing changed. "refused": an error state, nothing changed.
 * "changed": succeeded and wrote to the database. "allowed": got past authorization (public or
 * self-service actions; the outcome then depends on the input).
 */
type Outcome = "login" | "refused" | "changed" | "allowed";
/** `setup` runs on the fresh fixture before the snapshot (e.g. to make an account an administrator). */
type Row = { call: () => Promise<unknown>; expect: [Outcome, Outcome, Outcome, Outcome, Outcome]; setup?: () => Promise<void> };

const target = { user: USERS.readerA1, unit: UNITS.a1 };
const users = () => import("@/app/admin/users/actions");
const units = () => import("@/app/admin/units/actions");
const account = () => import("@/app/account/actions");
const login = () => import("@/app/login/actions");
const assignments = () => import("@/app/admin/assignments/actions");
const reflections = () => import("@/app/admin/reflections/[id]/actions");
const materials = () => import("@/app/admin/materials/[slug]/actions");

/** A material published for 甲处一科 (adminA's subtree, outside adminB's). */
const publishMatrixMaterial = async () => {
  const [{ publishMaterial }, { actorOf }] = await Promise.all([import("@/lib/materials/store"), import("./admin/fixtures")]);
  const paragraphs = [{ kind: "paragraph" as const, text: "矩阵测试的正文。", flags: [] }];
  await publishMaterial(actorOf("sys"), { slug: "matrix-material", title: "矩阵测试材料", audienceUnitId: UNITS.a1.id, sections: [{ slug: "intro", title: "导言", paragraphs }] });
};
const selfTest = () => import("@/app/materials/[material]/test/actions");
const quiz = () => import("@/app/admin/materials/[slug]/quiz/actions");
/** The matrix material with one question (for editing, confirming and deleting it). */
const publishMatrixQuiz = async () => {
  await publishMatrixMaterial();
  const [{ getDb }, { getSection }] = await Promise.all([import("@/lib/db"), import("@/lib/content")]);
  const paragraph = getSection("matrix-material", "intro")!.section.paragraphs[0]!;
  await (await getDb()).publishedQuestion.create({
    data: { materialSlug: "matrix-material", id: "matrix-q", type: "true-false", prompt: "矩阵测试的说法。", options: "[]", answer: "true", explanation: "见导言。", sectionSlug: "intro", paragraphId: paragraph.id, quote: "矩阵测试" },
  });
};
const matrixParagraph = async () => {
  const { getSection } = await import("@/lib/content");
  return `intro#${getSection("matrix-material", "intro")!.section.paragraphs[0]!.id}`;
};
const questionForm = async () =>
  form({ type: "true-false", prompt: "矩阵测试的正文是一句话。", explanation: "见导言。", truth: "true", paragraph: await matrixParagraph(), quote: "" });
const prev = { ok: false };
const ADMIN: Row["expect"] = ["login", "refused", "refused", "changed", "changed"];
const SYSTEM_ADMIN: Row["expect"] = ["login", "refused", "refused", "refused", "changed"];

/** Makes a fixture account a 单位管理员 where it is. */
const makeUnitAdmin = (key: UserKey) => async () => {
  const { getDb } = await import("@/lib/db");
  await (await getDb()).user.update({ where: { id: USERS[key].id }, data: { role: "UNIT_ADMIN" } });
};
// readerA made a second administrator of 甲处, adminA's own unit (a peer); readerA1 one of 甲处一科, below it.
const peerAdmin = { id: USERS.readerA.id, unitId: UNITS.a.id, setup: makeUnitAdmin("readerA") };
const adminBelow = { id: USERS.readerA1.id, unitId: UNITS.a1.id, setup: makeUnitAdmin("readerA1") };

const MATRIX: Record<string, Row> = {
  createUserAction: {
    call: async () => (await users()).createUserAction(prev, form({ name: "新学员", account: "matrix-new", unitId: String(target.unit.id), role: "READER" })),
    expect: ADMIN,
  },
  updateUserAction: {
    call: async () => (await users()).updateUserAction(target.user.id, prev, form({ name: "改过的名字", unitId: String(target.unit.id), role: "READER" })),
    expect: ADMIN,
  },
  setUserDisabledAction: {
    call: async () => (await users()).setUserDisabledAction(target.user.id, true, prev, form({ confirm: "on" })),
    expect: ADMIN,
  },
  resetUserPasswordAction: {
    call: async () => (await users()).resetUserPasswordAction(target.user.id, prev, form({ confirm: "on" })),
    expect: ADMIN,
  },
  // A unit administrator manages administrators strictly below their own unit, never a peer of it
  // (who could otherwise be taken over with a password reset), nor a system administrator.
  "resetUserPasswordAction · peer administrator": {
    setup: peerAdmin.setup,
    call: async () => (await users()).resetUserPasswordAction(peerAdmin.id, prev, form({ confirm: "on" })),
    expect: SYSTEM_ADMIN,
  },
  "setUserDisabledAction · peer administrator": {
    setup: peerAdmin.setup,
    call: async () => (await users()).setUserDisabledAction(peerAdmin.id, true, prev, form({ confirm: "on" })),
    expect: SYSTEM_ADMIN,
  },
  "updateUserAction · peer administrator": {
    setup: peerAdmin.setup,
    call: async () => (await users()).updateUserAction(peerAdmin.id, prev, form({ name: "改过的名字", unitId: String(UNITS.a1.id), role: "READER" })),
    expect: SYSTEM_ADMIN,
  },
  "resetUserPasswordAction · system administrator in the subtree": {
    call: async () => (await users()).resetUserPasswordAction(USERS.sysA.id, prev, form({ confirm: "on" })),
    expect: SYSTEM_ADMIN,
  },
  "resetUserPasswordAction · administrator below": {
    setup: adminBelow.setup,
    call: async () => (await users()).resetUserPasswordAction(adminBelow.id, prev, form({ confirm: "on" })),
    expect: ADMIN,
  },
  "setUserDisabledAction · administrator below": {
    setup: adminBelow.setup,
    call: async () => (await users()).setUserDisabledAction(adminBelow.id, true, prev, form({ confirm: "on" })),
    expect: ADMIN,
  },
  "createUserAction · administrator of the own unit": {
    call: async () => (await users()).createUserAction(prev, form({ name: "同级管理员", account: "matrix-peer", unitId: String(UNITS.a.id), role: "UNIT_ADMIN" })),
    expect: SYSTEM_ADMIN,
  },
  "createUserAction · administrator below": {
    call: async () => (await users()).createUserAction(prev, form({ name: "下级管理员", account: "matrix-below", unitId: String(UNITS.a1.id), role: "UNIT_ADMIN" })),
    expect: ADMIN,
  },
  "updateUserAction · promote a reader of the own unit to administrator": {
    call: async () => (await users()).updateUserAction(USERS.readerA.id, prev, form({ name: "甲处学员", unitId: String(UNITS.a.id), role: "UNIT_ADMIN" })),
    expect: SYSTEM_ADMIN,
  },
  "updateUserAction · move an administrator below up into the own unit": {
    setup: adminBelow.setup,
    call: async () => (await users()).updateUserAction(adminBelow.id, prev, form({ name: "一科学员", unitId: String(UNITS.a.id), role: "UNIT_ADMIN" })),
    expect: SYSTEM_ADMIN,
  },
  createUnitAction: {
    call: async () => (await units()).createUnitAction(prev, form({ name: "新支部", code: "A1-NEW", parentId: String(target.unit.id) })),
    expect: SYSTEM_ADMIN,
  },
  updateUnitAction: {
    call: async () => (await units()).updateUnitAction(target.unit.id, prev, form({ name: "改名的科", code: target.unit.code, parentId: String(UNITS.a.id) })),
    expect: SYSTEM_ADMIN,
  },
  // Self-service: acts on the caller's own account only (the fixture's hashes never match, so the
  // signed-in callers are told their current password is wrong, after authorization).
  changePasswordAction: {
    call: async () => (await account()).changePasswordAction(prev, form({ currentPassword: "x", newPassword: "new-password-1", confirmPassword: "new-password-1" })),
    expect: ["login", "allowed", "allowed", "allowed", "allowed"],
  },
  // Ends the caller's own session; a caller without one is simply sent to the login page.
  logoutAction: { call: async () => (await account()).logoutAction(), expect: ["login", "login", "login", "login", "login"] },
  // Public by nature; throttled instead.
  createAssignmentAction: {
    call: async () =>
      (await assignments()).createAssignmentAction(prev, form({ materialSlug: "deep-poverty-speech", unitId: String(UNITS.b.id), startDate: "2026-12-01", dueDate: "2026-12-31" })),
    // Unit B is outside adminA's subtree but inside adminB's: the two unit administrators swap outcomes.
    expect: ["login", "refused", "changed", "refused", "changed"],
  },
  deleteAssignmentAction: { call: async () => (await assignments()).deleteAssignmentAction(ASSIGNMENT.id, prev, form({ confirm: "on" })), expect: ADMIN },
  updateAttemptLimitAction: { call: async () => (await assignments()).updateAttemptLimitAction(ASSIGNMENT.id, prev, form({ maxAttempts: "3" })), expect: ADMIN },
  updateRequirePassAction: { call: async () => (await assignments()).updateRequirePassAction(ASSIGNMENT.id, prev, form({ requirePass: "1" })), expect: ADMIN },
  sendRemindersAction: { call: async () => (await assignments()).sendRemindersAction(ASSIGNMENT.id, prev, form({ confirmed: "1" })), expect: ADMIN },
  // A 心得 submitted by readerA1 of 甲处一科: its unit's administrators (adminA above it) and system
  // administrators review it; adminB (乙处) is refused as if it did not exist.
  commentReflectionAction: {
    setup: seedSubmittedReflection,
    call: async () =>
      (await reflections()).commentReflectionAction(SUBMITTED_REFLECTION.id, SUBMITTED_REFLECTION.submittedAt, prev, form({ body: "写得很好", requestId: randomUUID() })),
    expect: ADMIN,
  },
  returnReflectionAction: {
    setup: seedSubmittedReflection,
    call: async () => (await reflections()).returnReflectionAction(SUBMITTED_REFLECTION.id, SUBMITTED_REFLECTION.submittedAt, prev, form({ reason: "请结合本职工作再写具体些" })),
    expect: ADMIN,
  },
  saveQuizSettingsAction: { setup: publishMatrixMaterial, call: async () => (await quiz()).saveQuizSettingsAction("matrix-material", prev, form({ passPercent: "60", questionsPerTest: "3", hours: "1" })), expect: ADMIN },
  saveQuestionAction: { setup: publishMatrixMaterial, call: async () => (await quiz()).saveQuestionAction("matrix-material", null, prev, await questionForm()), expect: ADMIN },
  "saveQuestionAction · edit": { setup: publishMatrixQuiz, call: async () => (await quiz()).saveQuestionAction("matrix-material", "matrix-q", prev, await questionForm()), expect: ADMIN },
  confirmQuestionAction: {
    setup: publishMatrixQuiz,
    call: async () => (await quiz()).confirmQuestionAction("matrix-material", "matrix-q", prev, form({ paragraph: await matrixParagraph(), quote: "矩阵测试的正文" })),
    expect: ADMIN,
  },
  deleteQuestionAction: { setup: publishMatrixQuiz, call: async () => (await quiz()).deleteQuestionAction("matrix-material", "matrix-q", prev, form({ confirm: "on" })), expect: ADMIN },
  archiveMaterialAction: { setup: publishMatrixMaterial, call: async () => (await materials()).archiveMaterialAction("matrix-material", prev, form({ confirm: "on" })), expect: ADMIN },
  // Self-tests act on the caller's own attempts only. The material is assigned to 甲处一科 (A1) only,
  // where none of the callers is: every signed-in caller is refused (不在布置范围) with nothing stored.
  startTestAction: { call: async () => (await selfTest()).startTestAction(prev, form({ material: "deep-poverty-speech" })), expect: ["login", "refused", "refused", "refused", "refused"] },
  // An attempt id that is nobody's (or someone else's): the same "not found" for every caller.
  submitTestAction: {
    call: async () => (await selfTest()).submitTestAction(prev, form({ material: "deep-poverty-speech", attemptId: "A".repeat(22), "q:three-precisions": "a" })),
    expect: ["login", "refused", "refused", "refused", "refused"],
  },
  loginAction: { call: async () => (await login()).loginAction(prev, form({ account: "nobody", password: "wrong-password" })), expect: ["allowed", "allowed", "allowed", "allowed", "allowed"] },
};

/** Every function exported from a "use server" file under app/, lib/ or components/. */
function listServerActions(): string[] {
  const names: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name)) {
        const source = fs.readFileSync(full, "utf8");
        if (!/^\s*["']use server["']/.test(source)) continue;
        for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function\s+(\w+)|const\s+(\w+))/g)) names.push(match[1] ?? match[2] ?? "");
      }
    }
  };
  for (const dir of ["app", "lib", "components"]) walk(path.join(ROOT, dir));
  return names.sort();
}

const FORBIDDEN = "您没有权限执行此操作";

type Observed = { outcome: Outcome; changed: boolean; forbidden: boolean };

async function observe(call: () => Promise<unknown>): Promise<Observed> {
  // Sessions and the audit log change with any sign-in or sign-out; compare units and accounts.
  const { getDb } = await import("@/lib/db");
  const accounts = async () =>
    JSON.stringify({
      ...(({ units, users, assignments, reminders, reflections, reflectionComments }) => ({ units, users, assignments, reminders, reflections, reflectionComments }))(await snapshotAccounts()),
      materials: await (await getDb()).publishedMaterial.findMany({ orderBy: { slug: "asc" }, select: { slug: true, status: true, revision: true } }),
      quizzes: await (await getDb()).publishedQuiz.findMany({ orderBy: { materialSlug: "asc" } }),
      questions: await (await getDb()).publishedQuestion.findMany({ orderBy: { id: "asc" } }),
      quizAttempts: await (await (await import("@/lib/db")).getDb()).quizAttempt.findMany({ orderBy: { id: "asc" } }),
    });
  const before = await accounts();
  let state: { ok?: boolean; message?: string } | undefined;
  let redirectTo: string | undefined;
  try {
    state = (await call()) as typeof state;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT;")) throw error;
    redirectTo = digest.split(";")[2];
  }
  const changed = (await accounts()) !== before;
  const forbidden = state?.message === FORBIDDEN;
  if (redirectTo === "/login") return { outcome: "login", changed, forbidden };
  if (forbidden || (state?.ok === false && !changed)) return { outcome: "refused", changed, forbidden };
  return { outcome: changed ? "changed" : "allowed", changed, forbidden };
}

describe("permission matrix for server actions", () => {
  it("has a row for every exported server action", () => {
    // A key may name one case of an action ("resetUserPasswordAction · peer administrator").
    expect([...new Set(Object.keys(MATRIX).map((key) => key.split(" ")[0]))].sort()).toEqual(listServerActions());
  });

  for (const [name, row] of Object.entries(MATRIX)) {
    it.each(ROLES.map((role, i) => [role.name, row.expect[i], role.user] as const))(`${name} as %s → %s`, async (_role, expected, user) => {
      await row.setup?.();
      await signInAs(user);
      const { outcome, changed, forbidden } = await observe(row.call);
      if (expected === "allowed") {
        // Past authorization: neither sent to log in nor forbidden; the rest depends on the input.
        expect(outcome).not.toBe("login");
        expect(forbidden).toBe(false);
        return;
      }
      expect(outcome).toBe(expected);
      if (expected !== "changed") expect(changed).toBe(false);
    });
  }
});
