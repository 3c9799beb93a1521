import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { UNITS, USERS, seedAccounts, type UserKey } from "./fixtures";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());
beforeEach(() => seedAccounts());

const UNIT_PATHS: Record<number, string> = Object.fromEntries(Object.values(UNITS).map((unit) => [unit.id, unit.path]));

function actor(key: UserKey) {
  const user = USERS[key];
  return { id: user.id, account: user.account, role: user.role, unitPath: UNIT_PATHS[user.unitId]! };
}

describe("getAdminOverview", () => {
  it("counts the units and accounts in the actor's scope", async () => {
    const { getAdminOverview } = await import("@/lib/admin-overview");
    const { getDb } = await import("@/lib/db");
    const db = await getDb();
    await db.user.update({ where: { id: USERS.readerA1.id }, data: { disabled: true } });
    await db.user.update({ where: { id: USERS.readerA.id }, data: { mustChangePassword: true } });
    await db.user.update({ where: { id: USERS.readerB.id }, data: { mustChangePassword: true } });
    expect(await getAdminOverview(actor("sys"))).toEqual({ unitCount: 5, userCount: 7, disabledCount: 1, pendingPasswordCount: 2, adminCount: 4 });
    expect(await getAdminOverview(actor("adminA"))).toEqual({ unitCount: 3, userCount: 4, disabledCount: 1, pendingPasswordCount: 1, adminCount: 2 });
    expect(await getAdminOverview(actor("adminB"))).toEqual({ unitCount: 1, userCount: 2, disabledCount: 0, pendingPasswordCount: 1, adminCount: 1 });
  });

  it("gives readers nothing", async () => {
    const { getAdminOverview } = await import("@/lib/admin-overview");
    await expect(getAdminOverview(actor("readerA"))).rejects.toThrow(/readers/);
  });
});

describe("listAuditLog", () => {
  async function writeSomeEntries() {
    const { writeAudit } = await import("@/lib/audit");
    const sys = { id: USERS.sys.id, account: USERS.sys.account };
    await writeAudit({ action: "login.failure", targetType: "user", targetId: USERS.readerA.id, ip: "198.51.100.7", detail: { account: "reader-a" } });
    await writeAudit({ action: "unit.move", actor: sys, targetType: "unit", targetId: UNITS.a.id, ip: "198.51.100.8", detail: { from: 1, to: UNITS.b.id } });
    await writeAudit({
      action: "user.update",
      actor: sys,
      targetType: "user",
      targetId: USERS.readerA1.id,
      detail: { name: "一科学员", role: "UNIT_ADMIN", previousRole: "READER", unitId: 3, previousUnitId: 2 },
    });
  }

  it("is for system administrators only", async () => {
    const { listAuditLog } = await import("@/lib/audit-log");
    const { ForbiddenError } = await import("@/lib/db-errors");
    for (const key of ["adminA", "readerA"] as const) {
      await expect(listAuditLog(actor(key), {})).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it("lists the newest entries first with Chinese labels and names instead of ids", async () => {
    const { listAuditLog } = await import("@/lib/audit-log");
    await writeSomeEntries();
    const { entries } = await listAuditLog(actor("sys"), {});
    const [update, move, failure] = entries;
    expect(update).toMatchObject({
      action: "user.update",
      actionLabel: "修改账号",
      actor: { account: "sys", name: "系统管理员" },
      target: { type: "user", label: "一科学员（账号 reader-a1）" },
      ip: null,
    });
    expect(update?.details).toEqual([
      { key: "name", label: "姓名", value: "一科学员" },
      { key: "role", label: "角色", value: "单位管理员" },
      { key: "previousRole", label: "原角色", value: "学员" },
      { key: "unitId", label: "单位", value: "省局 / 甲处 / 甲处一科" },
      { key: "previousUnitId", label: "原单位", value: "省局 / 甲处" },
    ]);
    expect(move).toMatchObject({ actionLabel: "移动单位", target: { label: "省局 / 甲处" }, ip: "198.51.100.8" });
    expect(move?.details.map((d) => `${d.label}=${d.value}`)).toEqual(["原上级单位=省局", "新上级单位=省局 / 乙处"]);
    expect(failure).toMatchObject({ actionLabel: "登录失败", actor: null, target: { label: "甲处学员（账号 reader-a）" }, details: [{ key: "account", label: "账号", value: "reader-a" }] });
  });

  it("filters by action and pages by 50", async () => {
    const { listAuditLog, AUDIT_PAGE_SIZE } = await import("@/lib/audit-log");
    const { writeAudit } = await import("@/lib/audit");
    const before = (await listAuditLog(actor("sys"), { action: "logout" })).total;
    for (let i = 0; i < AUDIT_PAGE_SIZE + 3; i++) await writeAudit({ action: "logout", actor: { id: USERS.readerA.id, account: "reader-a" } });
    await writeAudit({ action: "login.success", actor: { id: USERS.readerA.id, account: "reader-a" } });
    const first = await listAuditLog(actor("sys"), { action: "logout" });
    expect(first.total).toBe(before + AUDIT_PAGE_SIZE + 3);
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.entries.every((entry) => entry.action === "logout")).toBe(true);
    const last = await listAuditLog(actor("sys"), { action: "logout", page: 999 });
    expect(last.page).toBe(first.pageCount);
    expect(last.entries.length).toBe(first.total - AUDIT_PAGE_SIZE * (first.pageCount - 1));
  });

  it("never shows anything that looks like a secret, even from a hand-made row", async () => {
    const { listAuditLog } = await import("@/lib/audit-log");
    const { getDb } = await import("@/lib/db");
    await (await getDb()).auditLog.create({
      data: { action: "password.reset", actorId: USERS.sys.id, actorAccount: "sys", detail: JSON.stringify({ newPassword: "hunter22", sessionToken: "t0k3n", passwordHash: "$argon2id$x", note: "ok" }) },
    });
    await (await getDb()).auditLog.create({ data: { action: "password.reset", detail: "{not json" } });
    const { entries } = await listAuditLog(actor("sys"), { action: "password.reset" });
    const text = JSON.stringify(entries);
    for (const secret of ["hunter22", "t0k3n", "argon2id", "newPassword", "sessionToken"]) expect(text).not.toContain(secret);
    expect(entries.flatMap((entry) => entry.details.map((d) => d.key))).toContain("note");
  });
  it("shows unknown actions and keys as plain text, even ones named like Object.prototype members", async () => {
    const { listAuditLog } = await import("@/lib/audit-log");
    const { getDb } = await import("@/lib/db");
    await (await getDb()).auditLog.create({ data: { action: "constructor", detail: JSON.stringify({ constructor: "x", role: "toString", rows: 3 }) } });
    const { entries } = await listAuditLog(actor("sys"), {});
    expect(entries[0]).toMatchObject({
      actionLabel: "未知操作（constructor）",
      details: [
        { key: "constructor", label: "constructor（未识别的字段）", value: "x" },
        { key: "role", label: "角色", value: "toString" },
        { key: "rows", label: "行数", value: "3" },
      ],
    });
  });
});

describe("formatChinaDateTime", () => {
  it("shows UTC instants as Beijing wall-clock time", async () => {
    const { formatChinaDateTime } = await import("@/lib/china-time");
    expect(formatChinaDateTime(new Date("2026-11-29T17:05:09Z"), { seconds: true })).toBe("2026-11-30 01:05:09");
    expect(formatChinaDateTime(new Date("2026-01-01T00:00:00Z"), { seconds: true })).toBe("2026-01-01 08:00:00");
  });
});

describe("admin query strings", () => {
  it("keeps valid values, ignores empty ones and names the invalid ones", async () => {
    const { parseQueryParams, userListQueryShape } = await import("@/lib/schemas/admin");
    const { auditQueryShape } = await import("@/lib/schemas/audit");
    expect(parseQueryParams(userListQueryShape, { unit: "3", q: "  张 ", page: "2" })).toEqual({ data: { unit: 3, q: "张", page: 2 }, invalid: [] });
    expect(parseQueryParams(userListQueryShape, { unit: "", q: "", page: undefined })).toEqual({ data: {}, invalid: [] });
    expect(parseQueryParams(userListQueryShape, { unit: "abc", q: "x".repeat(51), page: "-1" })).toEqual({ data: {}, invalid: ["unit", "q", "page"] });
    expect(parseQueryParams(userListQueryShape, { unit: ["2", "3"], page: "99999999999" })).toEqual({ data: { unit: 2 }, invalid: ["page"] });
    expect(parseQueryParams(auditQueryShape, { action: "unit.move" }).data).toEqual({ action: "unit.move" });
    expect(parseQueryParams(auditQueryShape, { action: "drop table" }).invalid).toEqual(["action"]);
  });
});

describe("unit options for the selects", () => {
  it("lists units in tree order, indented by depth, without the excluded subtree", async () => {
    const { toUnitOptions } = await import("@/components/admin/unit-options");
    const { listUnitsInScope } = await import("@/lib/units");
    const all = await listUnitsInScope(actor("sys"));
    expect(toUnitOptions(all).map((o) => o.label)).toEqual([
      "省局（ROOT）",
      "\u3000└ 甲处（A）",
      "\u3000\u3000└ 甲处一科（A1）",
      "\u3000\u3000\u3000└ 甲处一组（A1X）",
      "\u3000└ 乙处（B）",
    ]);
    expect(toUnitOptions(all, { excludePath: UNITS.a.path }).map((o) => o.value)).toEqual(["1", "4"]);
    const scoped = await listUnitsInScope(actor("adminA"));
    expect(toUnitOptions(scoped).map((o) => o.label)).toEqual(["甲处（A）", "\u3000└ 甲处一科（A1）", "\u3000\u3000└ 甲处一组（A1X）"]);
  });
});
