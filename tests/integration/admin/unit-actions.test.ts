import { describe, expect, it, vi } from "vitest";
import { UNITS, createSessionFor, expectRedirect, form, signInAs, snapshotAccounts, useAccountFixture } from "./fixtures";

vi.mock("next/headers", () => import("../helpers/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

useAccountFixture();

const actions = () => import("@/app/admin/units/actions");

async function unitRows() {
  const { getDb } = await import("@/lib/db");
  const rows = await (await getDb()).unit.findMany({ select: { code: true, name: true, parentId: true, path: true, depth: true } });
  return Object.fromEntries(rows.map(({ code, ...row }) => [code, row]));
}

describe("moving units", () => {
  it("a system administrator moves a unit and its whole subtree follows", async () => {
    const { updateUnitAction } = await actions();
    await signInAs("sys");
    await expectRedirect(updateUnitAction(UNITS.a.id, { ok: false }, form({ name: "甲处", code: "A", parentId: String(UNITS.b.id) })), "/admin/units?done=updated");
    const rows = await unitRows();
    expect(rows.A).toMatchObject({ parentId: 4, path: "/1/4/2/", depth: 2 });
    expect(rows.A1).toMatchObject({ parentId: 2, path: "/1/4/2/3/", depth: 3 });
    expect(rows.A1X).toMatchObject({ parentId: 3, path: "/1/4/2/3/5/", depth: 4 });
    expect(rows.B).toMatchObject({ path: "/1/4/", depth: 1 });
    expect(rows.ROOT).toMatchObject({ path: "/1/", depth: 0 });
  });

  it("moves a subtree up to the top level and back down", async () => {
    const { updateUnitAction } = await actions();
    await signInAs("sys");
    await expectRedirect(updateUnitAction(UNITS.a1.id, { ok: false }, form({ name: "甲处一科", code: "A1", parentId: "" })), "/admin/units?done=updated");
    let rows = await unitRows();
    expect(rows.A1).toMatchObject({ parentId: null, path: "/3/", depth: 0 });
    expect(rows.A1X).toMatchObject({ path: "/3/5/", depth: 1 });
    await expectRedirect(updateUnitAction(UNITS.a1.id, { ok: false }, form({ name: "甲处一科", code: "A1", parentId: String(UNITS.b.id) })), "/admin/units?done=updated");
    rows = await unitRows();
    expect(rows.A1).toMatchObject({ parentId: 4, path: "/1/4/3/", depth: 2 });
    expect(rows.A1X).toMatchObject({ path: "/1/4/3/5/", depth: 3 });
  });

  it("moving a unit under itself or its own descendant is refused and nothing changes", async () => {
    const { updateUnitAction } = await actions();
    await signInAs("sys");
    const before = await snapshotAccounts();
    for (const target of [UNITS.a, UNITS.a1, UNITS.a1x]) {
      const state = await updateUnitAction(UNITS.a.id, { ok: false }, form({ name: "甲处", code: "A", parentId: String(target.id) }));
      expect(state).toMatchObject({ ok: false, fieldErrors: { parentId: ["不能把单位移到它自己或它的下级单位之下"] } });
    }
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("a refused move leaves the unit's name and code unchanged too", async () => {
    const { updateUnitAction } = await actions();
    await signInAs("sys");
    const before = await snapshotAccounts();
    const state = await updateUnitAction(UNITS.a.id, { ok: false }, form({ name: "改名", code: "A-NEW", parentId: String(UNITS.a1.id) }));
    expect(state.fieldErrors?.parentId).toEqual(["不能把单位移到它自己或它的下级单位之下"]);
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("a moved unit's administrators keep exactly their subtree", async () => {
    const { updateUnitAction } = await actions();
    const { validateSessionToken } = await import("@/lib/auth/session");
    const { listUnitsInScope } = await import("@/lib/units");
    const adminToken = await createSessionFor("adminA");
    await signInAs("sys");
    await expectRedirect(updateUnitAction(UNITS.a.id, { ok: false }, form({ name: "甲处", code: "A", parentId: String(UNITS.b.id) })), "/admin/units?done=updated");
    const admin = (await validateSessionToken(adminToken))!.user;
    expect(admin.unitPath).toBe("/1/4/2/");
    expect((await listUnitsInScope(admin)).map((unit) => unit.code).sort()).toEqual(["A", "A1", "A1X"]);
  });
});

describe("creating and editing units", () => {
  it("a system administrator creates a unit under a parent", async () => {
    const { createUnitAction } = await actions();
    await signInAs("sys");
    await expectRedirect(createUnitAction({ ok: false }, form({ name: " 乙处一科 ", code: "B1", parentId: String(UNITS.b.id) })), "/admin/units?done=created");
    const rows = await unitRows();
    expect(rows.B1).toMatchObject({ name: "乙处一科", parentId: 4, depth: 2 });
    expect(rows.B1?.path).toMatch(/^\/1\/4\/\d+\/$/);
  });

  it("a taken code is reported on its field", async () => {
    const { createUnitAction, updateUnitAction } = await actions();
    await signInAs("sys");
    const before = await snapshotAccounts();
    const created = await createUnitAction({ ok: false }, form({ name: "重复", code: "A1", parentId: "" }));
    expect(created).toMatchObject({ ok: false, fieldErrors: { code: ["单位编码已被使用"] }, values: { name: "重复", code: "A1", parentId: "" } });
    const updated = await updateUnitAction(UNITS.b.id, { ok: false }, form({ name: "乙处", code: "A", parentId: "1" }));
    expect(updated).toMatchObject({ ok: false, fieldErrors: { code: ["单位编码已被使用"] } });
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("a parent that does not exist is a message, not a crash", async () => {
    const { createUnitAction } = await actions();
    await signInAs("sys");
    const state = await createUnitAction({ ok: false }, form({ name: "孤儿", code: "ORPHAN", parentId: "999" }));
    expect(state.ok).toBe(false);
    expect(state.message).toContain("找不到该单位");
  });

  it("rejects smuggled fields (unitId, path, depth) and changes nothing", async () => {
    const { createUnitAction, updateUnitAction } = await actions();
    await signInAs("sys");
    const before = await snapshotAccounts();
    const states = [
      await createUnitAction({ ok: false }, form({ name: "新单位", code: "NEW", parentId: "1", unitId: "2" })),
      await updateUnitAction(UNITS.a.id, { ok: false }, form({ name: "甲处", code: "A", parentId: "1", unitId: "4" })),
      await updateUnitAction(UNITS.a.id, { ok: false }, form({ name: "甲处", code: "A", parentId: "1", path: "/9/" })),
      await updateUnitAction(UNITS.a.id, { ok: false }, form({ name: "甲处", code: "A", parentId: "1", depth: "0" })),
    ];
    for (const state of states) expect(state).toMatchObject({ ok: false, message: "表单包含不允许的字段，请刷新页面后重试" });
    expect(await snapshotAccounts()).toEqual(before);
  });

  it("unit administrators and readers cannot create or change units", async () => {
    const { createUnitAction, updateUnitAction } = await actions();
    const before = await snapshotAccounts();
    for (const key of ["adminA", "readerA"] as const) {
      await signInAs(key);
      expect(await createUnitAction({ ok: false }, form({ name: "下级", code: "A2", parentId: "2" }))).toEqual({ ok: false, message: "您没有权限执行此操作" });
      expect(await updateUnitAction(UNITS.a1.id, { ok: false }, form({ name: "改名", code: "A1", parentId: "2" }))).toEqual({ ok: false, message: "您没有权限执行此操作" });
    }
    const after = await snapshotAccounts();
    expect(after.units).toEqual(before.units);
    expect(after.audit).toBe(before.audit);
  });

  it("without a session the actions redirect to the login page", async () => {
    const { createUnitAction } = await actions();
    const before = await snapshotAccounts();
    await expectRedirect(createUnitAction({ ok: false }, form({ name: "下级", code: "A2", parentId: "2" })), "/login");
    expect(await snapshotAccounts()).toEqual(before);
  });
});
