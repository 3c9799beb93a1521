import { describe, expect, it, vi } from "vitest";
import { request } from "../helpers/next-request";
import { USERS, createSessionFor, expectRedirect, form, signInAs, snapshotAccounts, useAccountFixture } from "./fixtures";

// The request as the actions see it: the session cookie of whoever is "signed in" in this test.
vi.mock("next/headers", () => import("../helpers/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

useAccountFixture();

const actions = () => import("@/app/admin/users/actions");
const FORBIDDEN = "您没有权限执行此操作";
const NOT_FOUND = "找不到这个账号，或它不在您的管理范围内";
const SMUGGLED = "表单包含不允许的字段，请刷新页面后重试";

async function userRow(id: number) {
  const { getDb } = await import("@/lib/db");
  return (await getDb()).user.findUniqueOrThrow({ where: { id }, select: { name: true, unitId: true, role: true, disabled: true, mustChangePassword: true, passwordHash: true } });
}

async function sessionCount(userId: number): Promise<number> {
  const { getDb } = await import("@/lib/db");
  return (await getDb()).session.count({ where: { userId } });
}

describe("a unit administrator's reach", () => {
  it("cannot create an account in a unit outside their subtree", async () => {
    const { createUserAction } = await actions();
    await signInAs("adminA");
    const before = await snapshotAccounts();
    const state = await createUserAction({ ok: false }, form({ name: "外人", account: "outsider", unitId: String(USERS.readerB.unitId), role: "READER" }));
    expect(state.ok).toBe(false);
    expect(state.fieldErrors?.unitId).toEqual(["请选择您管理范围内的单位"]);
    expect(state.oneTimePassword).toBeUndefined();
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("cannot give the system administrator role, on creation or on edit", async () => {
    const { createUserAction, updateUserAction } = await actions();
    await signInAs("adminA");
    const before = await snapshotAccounts();
    const created = await createUserAction({ ok: false }, form({ name: "越权", account: "escalate", unitId: "3", role: "SYSTEM_ADMIN" }));
    expect(created.fieldErrors?.role).toEqual(["您不能设置这个角色"]);
    const updated = await updateUserAction(USERS.readerA1.id, { ok: false }, form({ name: "一科学员", unitId: "3", role: "SYSTEM_ADMIN" }));
    expect(updated.fieldErrors?.role).toEqual(["您不能设置这个角色"]);
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("cannot edit, disable or reset an account outside their subtree (the database is unchanged)", async () => {
    const { updateUserAction, setUserDisabledAction, resetUserPasswordAction } = await actions();
    await createSessionFor("readerB");
    await signInAs("adminA");
    const before = await snapshotAccounts();
    const id = USERS.readerB.id;
    expect(await updateUserAction(id, { ok: false }, form({ name: "改名", unitId: "2", role: "READER" }))).toMatchObject({ ok: false, message: NOT_FOUND });
    expect(await setUserDisabledAction(id, true, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: false, message: NOT_FOUND });
    expect(await resetUserPasswordAction(id, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: false, message: NOT_FOUND });
    expect(await snapshotAccounts()).toEqual(before);
    expect(await sessionCount(id)).toBe(1);
  });

  it("cannot move an account of their subtree to a unit outside it", async () => {
    const { updateUserAction } = await actions();
    await signInAs("adminA");
    const before = await snapshotAccounts();
    const state = await updateUserAction(USERS.readerA1.id, { ok: false }, form({ name: "一科学员", unitId: String(USERS.readerB.unitId), role: "READER" }));
    expect(state.fieldErrors?.unitId).toEqual(["请选择您管理范围内的单位"]);
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("cannot change a system administrator inside their subtree, nor their own account", async () => {
    const { updateUserAction, setUserDisabledAction, resetUserPasswordAction } = await actions();
    await signInAs("adminA");
    const before = await snapshotAccounts();
    for (const id of [USERS.sysA.id, USERS.adminA.id]) {
      expect(await updateUserAction(id, { ok: false }, form({ name: "改名", unitId: "2", role: "READER" }))).toMatchObject({ ok: false, message: FORBIDDEN });
      expect(await setUserDisabledAction(id, true, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: false, message: FORBIDDEN });
      expect(await resetUserPasswordAction(id, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: false, message: FORBIDDEN });
    }
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("creates an account in their subtree with a working one-time password that must be changed", async () => {
    const { createUserAction } = await actions();
    const { verifyPassword } = await import("@/lib/auth/password");
    const { getDb } = await import("@/lib/db");
    await signInAs("adminA");
    const state = await createUserAction({ ok: false }, form({ name: "新学员", account: " New.User@A ", unitId: "3", role: "READER" }));
    expect(state).toMatchObject({ ok: true, account: "new.user@a" });
    expect(state.oneTimePassword).toMatch(/^[2-9a-zA-Z]{12}$/);
    const db = await getDb();
    const created = await db.user.findUniqueOrThrow({ where: { account: "new.user@a" }, select: { id: true, unitId: true, role: true, mustChangePassword: true, passwordHash: true } });
    expect(created).toMatchObject({ id: state.userId, unitId: 3, role: "READER", mustChangePassword: true });
    expect(await verifyPassword(created.passwordHash, state.oneTimePassword!)).toBe(true);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "user.create", targetId: String(created.id) } });
    expect(audit).toMatchObject({ actorId: USERS.adminA.id, actorAccount: "admin-a", ip: "203.0.113.9" });
    expect(audit.detail).not.toContain(state.oneTimePassword!);
  });

  it("reports a taken account on its field", async () => {
    const { createUserAction } = await actions();
    await signInAs("adminA");
    const state = await createUserAction({ ok: false }, form({ name: "重复", account: "READER-A", unitId: "2", role: "READER" }));
    expect(state).toMatchObject({ ok: false, fieldErrors: { account: ["该账号已存在"] }, values: { name: "重复", account: "READER-A" } });
  });

  it("edits an account in their subtree, then redirects to it", async () => {
    const { updateUserAction } = await actions();
    await signInAs("adminA");
    // Made administrator of 甲处一科, below adminA's own unit: allowed.
    await expectRedirect(updateUserAction(USERS.readerA1.id, { ok: false }, form({ name: "  一科骨干 ", unitId: "3", role: "UNIT_ADMIN" })), `/admin/users/${USERS.readerA1.id}?done=saved`);
    expect(await userRow(USERS.readerA1.id)).toMatchObject({ name: "一科骨干", unitId: 3, role: "UNIT_ADMIN" });
  });

  it("cannot take over a peer administrator of their own unit: no edit, disable or password reset", async () => {
    const { updateUserAction, setUserDisabledAction, resetUserPasswordAction } = await actions();
    const { getDb } = await import("@/lib/db");
    // readerA, made a second 单位管理员 of 甲处 (adminA's own unit) by the system administrator.
    await (await getDb()).user.update({ where: { id: USERS.readerA.id }, data: { role: "UNIT_ADMIN" } });
    await createSessionFor("readerA");
    await signInAs("adminA");
    const before = await snapshotAccounts();
    const id = USERS.readerA.id;
    expect(await updateUserAction(id, { ok: false }, form({ name: "改名", unitId: "3", role: "READER" }))).toMatchObject({ ok: false, message: FORBIDDEN });
    expect(await setUserDisabledAction(id, true, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: false, message: FORBIDDEN });
    const reset = await resetUserPasswordAction(id, { ok: false }, form({ confirm: "on" }));
    expect(reset).toMatchObject({ ok: false, message: FORBIDDEN });
    expect(reset.oneTimePassword).toBeUndefined();
    expect(await snapshotAccounts()).toEqual(before);
    expect(await sessionCount(id)).toBe(1);
  });

  it("cannot make or move an administrator into their own unit, on creation, edit or import", async () => {
    const { createUserAction, updateUserAction } = await actions();
    await signInAs("adminA");
    const before = await snapshotAccounts();
    const peer = "单位管理员只能设在您所在单位的下级单位";
    const created = await createUserAction({ ok: false }, form({ name: "同级", account: "peer-admin", unitId: "2", role: "UNIT_ADMIN" }));
    expect(created.fieldErrors?.role).toEqual([peer]);
    expect(created.oneTimePassword).toBeUndefined();
    // A reader of 甲处 promoted in place, and a reader of 甲处一科 moved up as administrator.
    const promoted = await updateUserAction(USERS.readerA.id, { ok: false }, form({ name: "甲处学员", unitId: "2", role: "UNIT_ADMIN" }));
    expect(promoted.fieldErrors?.role).toEqual([peer]);
    const movedUp = await updateUserAction(USERS.readerA1.id, { ok: false }, form({ name: "一科学员", unitId: "2", role: "UNIT_ADMIN" }));
    expect(movedUp.fieldErrors?.role).toEqual([peer]);
    const { validateAccountRows } = await import("@/lib/import/validate");
    const actor = { id: USERS.adminA.id, role: "UNIT_ADMIN" as const, unitPath: "/1/2/" };
    const rows = [
      { rowNumber: 2, name: "同级", account: "peer-import", unitCode: "A", role: "单位管理员" },
      { rowNumber: 3, name: "下级", account: "below-import", unitCode: "A1", role: "单位管理员" },
    ];
    const validated = await validateAccountRows(actor, rows);
    expect(validated).toEqual({ ok: false, errors: [{ rowNumber: 2, message: "单位管理员只能设在您所在单位的下级单位，不能设在“省局 / 甲处”" }] });
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("manages an administrator strictly below their own unit", async () => {
    const { setUserDisabledAction, resetUserPasswordAction } = await actions();
    const { getDb } = await import("@/lib/db");
    await (await getDb()).user.update({ where: { id: USERS.readerA1.id }, data: { role: "UNIT_ADMIN" } });
    await signInAs("adminA");
    expect(await resetUserPasswordAction(USERS.readerA1.id, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: true });
    expect(await setUserDisabledAction(USERS.readerA1.id, true, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: true });
    expect(await userRow(USERS.readerA1.id)).toMatchObject({ role: "UNIT_ADMIN", disabled: true, mustChangePassword: true });
  });
});

describe("strict forms", () => {
  it("rejects smuggled fields and changes nothing", async () => {
    const { createUserAction, updateUserAction, setUserDisabledAction, resetUserPasswordAction } = await actions();
    await signInAs("sys");
    const before = await snapshotAccounts();
    const id = USERS.readerA1.id;
    const attempts = [
      createUserAction({ ok: false }, form({ name: "甲", account: "smuggler", unitId: "2", role: "READER", passwordHash: "$argon2id$forged" })),
      createUserAction({ ok: false }, form({ name: "甲", account: "smuggler", unitId: "2", role: "READER", mustChangePassword: "false" })),
      updateUserAction(id, { ok: false }, form({ name: "甲", unitId: "2", role: "READER", account: "renamed" })),
      updateUserAction(id, { ok: false }, form({ name: "甲", unitId: "2", role: "READER", passwordHash: "$argon2id$forged" })),
      setUserDisabledAction(id, true, { ok: false }, form({ confirm: "on", role: "SYSTEM_ADMIN" })),
      setUserDisabledAction(id, false, { ok: false }, form({ unitId: "4" })),
      resetUserPasswordAction(id, { ok: false }, form({ confirm: "on", role: "SYSTEM_ADMIN" })),
      resetUserPasswordAction(id, { ok: false }, form({ confirm: "on", passwordHash: "x" })),
    ];
    for (const state of await Promise.all(attempts)) expect(state).toMatchObject({ ok: false, message: SMUGGLED });
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("refuses a bound id that is not a positive integer", async () => {
    const { updateUserAction, resetUserPasswordAction } = await actions();
    await signInAs("sys");
    const before = await snapshotAccounts();
    expect(await updateUserAction(-1, { ok: false }, form({ name: "甲", unitId: "2", role: "READER" }))).toMatchObject({ ok: false, message: NOT_FOUND });
    expect(await resetUserPasswordAction("5" as unknown as number, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: false, message: NOT_FOUND });
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("requires the confirmation box to disable or reset", async () => {
    const { setUserDisabledAction, resetUserPasswordAction } = await actions();
    await signInAs("sys");
    const before = await snapshotAccounts();
    const disabled = await setUserDisabledAction(USERS.readerA1.id, true, { ok: false }, form({}));
    expect(disabled.fieldErrors?.confirm).toEqual(["请先勾选确认"]);
    const reset = await resetUserPasswordAction(USERS.readerA1.id, { ok: false }, form({ confirm: "yes" }));
    expect(reset.fieldErrors?.confirm).toEqual(["请先勾选确认"]);
    expect(reset.oneTimePassword).toBeUndefined();
    expect(await snapshotAccounts()).toEqual(before);
  });
});

describe("disable, enable and reset", () => {
  it("disabling an account ends its sessions; enabling lets it sign in again", async () => {
    const { setUserDisabledAction } = await actions();
    const { validateSessionToken } = await import("@/lib/auth/session");
    const victimToken = await createSessionFor("readerA1");
    await createSessionFor("readerA1");
    await signInAs("adminA");
    expect(await setUserDisabledAction(USERS.readerA1.id, true, { ok: false }, form({ confirm: "on" }))).toMatchObject({ ok: true });
    expect(await userRow(USERS.readerA1.id)).toMatchObject({ disabled: true });
    expect(await sessionCount(USERS.readerA1.id)).toBe(0);
    expect(await validateSessionToken(victimToken)).toBeNull();
    expect(await setUserDisabledAction(USERS.readerA1.id, false, { ok: false }, form({}))).toMatchObject({ ok: true });
    expect(await userRow(USERS.readerA1.id)).toMatchObject({ disabled: false });
  });

  it("a reset gives a working one-time password, forces a change and ends the sessions", async () => {
    const { resetUserPasswordAction } = await actions();
    const { verifyPassword } = await import("@/lib/auth/password");
    const { loginWithPassword } = await import("@/lib/auth/login");
    const { getDb } = await import("@/lib/db");
    await createSessionFor("readerA1");
    await signInAs("adminA");
    const state = await resetUserPasswordAction(USERS.readerA1.id, { ok: false }, form({ confirm: "on" }));
    expect(state.ok).toBe(true);
    const otp = state.oneTimePassword!;
    expect(otp).toMatch(/^[2-9a-zA-Z]{12}$/);
    const row = await userRow(USERS.readerA1.id);
    expect(row.mustChangePassword).toBe(true);
    expect(await verifyPassword(row.passwordHash, otp)).toBe(true);
    expect(await sessionCount(USERS.readerA1.id)).toBe(0);
    const login = await loginWithPassword({ account: "reader-a1", password: otp, ip: "203.0.113.10", userAgent: "vitest" });
    expect(login).toMatchObject({ ok: true, mustChangePassword: true });
    const audit = await (await getDb()).auditLog.findMany({ where: { action: "password.reset" } });
    expect(audit.some((entry) => (entry.detail ?? "").includes(otp))).toBe(false);
  });
});

describe("who may call the actions at all", () => {
  it("readers get nothing, and nothing changes", async () => {
    const { createUserAction, updateUserAction, setUserDisabledAction, resetUserPasswordAction } = await actions();
    await signInAs("readerA");
    const before = await snapshotAccounts();
    const id = USERS.readerA1.id;
    const states = [
      await createUserAction({ ok: false }, form({ name: "甲", account: "by-reader", unitId: "2", role: "READER" })),
      await updateUserAction(id, { ok: false }, form({ name: "甲", unitId: "2", role: "READER" })),
      await setUserDisabledAction(id, true, { ok: false }, form({ confirm: "on" })),
      await resetUserPasswordAction(id, { ok: false }, form({ confirm: "on" })),
    ];
    for (const state of states) expect(state).toEqual({ ok: false, message: FORBIDDEN });
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("without a session every action redirects to the login page", async () => {
    const { createUserAction, resetUserPasswordAction } = await actions();
    const before = await snapshotAccounts();
    await expectRedirect(createUserAction({ ok: false }, form({ name: "甲", account: "anon", unitId: "2", role: "READER" })), "/login");
    await expectRedirect(resetUserPasswordAction(USERS.readerA1.id, { ok: false }, form({ confirm: "on" })), "/login");
    request.token = "forged-token";
    await expectRedirect(resetUserPasswordAction(USERS.readerA1.id, { ok: false }, form({ confirm: "on" })), "/login");
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("a disabled administrator's session no longer works", async () => {
    const { resetUserPasswordAction } = await actions();
    const { getDb } = await import("@/lib/db");
    await signInAs("adminA");
    await (await getDb()).user.update({ where: { id: USERS.adminA.id }, data: { disabled: true } });
    await expectRedirect(resetUserPasswordAction(USERS.readerA1.id, { ok: false }, form({ confirm: "on" })), "/login");
  });
});
