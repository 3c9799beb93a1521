// The audit log as a system administrator reads it: real actions in Chinese with names, the filters
// (China dates, operator, target account, action) and the indexes they run on.
import { describe, expect, it, vi } from "vitest";
import { TEST_DATABASE } from "../helpers/database";
import { ASSIGNMENT, UNITS, USERS, actorOf, useAccountFixture } from "./fixtures";

vi.mock("next/headers", () => import("../helpers/next-request"));

useAccountFixture();

const MATERIAL = "deep-poverty-speech";

async function lib() {
  const [{ getDb }, log, assignments, exports, counters, content, schemas, admin] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/audit-log"),
    import("@/lib/assignments"),
    import("@/lib/reports/export"),
    import("@/lib/reports/counters"),
    import("@/lib/content"),
    import("@/lib/schemas/audit"),
    import("@/lib/schemas/admin"),
  ]);
  await counters.syncMaterialCatalog();
  return { db: await getDb(), ...log, ...assignments, ...exports, ...schemas, parseQueryParams: admin.parseQueryParams, title: content.getMaterial(MATERIAL)!.title };
}

describe("the audit log in Chinese", () => {
  it("names the actions, fields and targets that reminders, exports and assignments record", async () => {
    const { listAuditLog, sendReminders, createProgressExport, createAssignment, deleteAssignment, title } = await lib();
    await sendReminders(actorOf("adminA"), ASSIGNMENT.id, "203.0.113.9", new Date("2026-12-07T02:00:00Z"));
    const exported = await createProgressExport(actorOf("adminA"), { unit: UNITS.a.id, material: MATERIAL, sort: "account", dir: "asc", format: "xlsx", view: "rollup" }, "203.0.113.9");
    await new Response(exported!.body).arrayBuffer();
    const created = await createAssignment(actorOf("sys"), { materialSlug: MATERIAL, unitId: UNITS.b.id, startDate: "2026-12-01", dueDate: "2026-12-31" });
    await deleteAssignment(actorOf("sys"), created);

    const { entries } = await listAuditLog(actorOf("sys"), {});
    const [withdrawn, assigned, exportEntry, reminder] = entries;
    expect(reminder).toMatchObject({ actionLabel: "发送学习提醒", actor: { account: "admin-a", name: "甲处管理员" }, target: { label: `学习任务：《${title}》 · 省局 / 甲处 / 甲处一科` } });
    expect(reminder?.details.map((d) => `${d.label}=${d.value}`)).toEqual(["提醒日期=2026年12月7日", "已发送=1 人", "当天已提醒过（未重复发送）=0 人"]);
    expect(exportEntry).toMatchObject({ actionLabel: "导出学习情况", target: { label: "省局 / 甲处" } });
    expect(exportEntry?.details.map((d) => `${d.label}=${d.value}`)).toEqual([`学习材料=《${title}》`, "文件格式=Excel（XLSX）", "导出内容=下级单位汇总", "人员筛选=全部人员"]);
    expect(assigned?.details.map((d) => `${d.label}=${d.value}`)).toEqual([`学习材料=《${title}》`, "单位=省局 / 乙处", "开始日期=2026年12月1日", "截止日期=2026年12月31日", "测试次数上限=不限"]);
    // The withdrawn assignment is gone from its table; its entry still says what it was.
    expect(withdrawn).toMatchObject({ actionLabel: "撤销学习任务", target: { label: `学习任务：《${title}》 · 省局 / 乙处（已撤销）` } });
    expect(assigned?.target?.label).toBe(`学习任务：《${title}》 · 省局 / 乙处（已撤销）`);
    for (const entry of entries) {
      expect(entry.target?.label ?? "").not.toMatch(/^[a-z]+ #\d/);
      for (const detail of entry.details) expect(detail.label, detail.key).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe("audit log filters", () => {
  async function writeDated() {
    const { db } = await lib();
    const rows = [
      // 2025-03-01 23:59:59 and 2025-03-02 00:00:00 in China: the day boundary is UTC+8's.
      { createdAt: new Date("2025-03-01T15:59:59Z"), action: "user.disable", actorId: USERS.sys.id, actorAccount: "sys", targetType: "user", targetId: String(USERS.readerA.id) },
      { createdAt: new Date("2025-03-01T16:00:00Z"), action: "user.enable", actorId: USERS.sys.id, actorAccount: "sys", targetType: "user", targetId: String(USERS.readerA.id) },
      { createdAt: new Date("2025-03-02T01:00:00Z"), action: "password.reset", actorId: USERS.adminA.id, actorAccount: "admin-a", targetType: "user", targetId: String(USERS.readerA1.id) },
      // An operator whose account has since gone is still found by the account the entry kept.
      { createdAt: new Date("2025-03-02T02:00:00Z"), action: "user.update", actorId: 999, actorAccount: "gone-admin", targetType: "user", targetId: String(USERS.readerA1.id) },
    ];
    for (const data of rows) await db.auditLog.create({ data });
  }
  const actions = (page: { entries: Array<{ action: string }> }) => page.entries.map((e) => e.action);

  it("filter by China dates, operator (account or name), target account and action, together", async () => {
    const { listAuditLog } = await lib();
    await writeDated();
    const sys = actorOf("sys");
    expect(actions(await listAuditLog(sys, { from: "2025-03-01", to: "2025-03-01" }))).toEqual(["user.disable"]);
    expect(actions(await listAuditLog(sys, { from: "2025-03-02", to: "2025-03-02" }))).toEqual(["user.update", "password.reset", "user.enable"]);
    expect(actions(await listAuditLog(sys, { to: "2025-03-01" }))).toEqual(["user.disable"]);
    expect(actions(await listAuditLog(sys, { to: "2025-03-02", operator: "系统管理员" }))).toEqual(["user.enable", "user.disable"]);
    expect(actions(await listAuditLog(sys, { to: "2025-03-02", operator: "sys" }))).toEqual(["user.enable", "user.disable"]);
    expect(actions(await listAuditLog(sys, { to: "2025-03-02", operator: "gone-admin" }))).toEqual(["user.update"]);
    expect(actions(await listAuditLog(sys, { to: "2025-03-02", target: "一科学员" }))).toEqual(["user.update", "password.reset"]);
    expect(actions(await listAuditLog(sys, { to: "2025-03-02", target: "reader-a", operator: "sys", action: "user.enable" }))).toEqual(["user.enable"]);
    const nobody = await listAuditLog(sys, { operator: "无此人", target: "也无此人" });
    expect(nobody).toMatchObject({ total: 0, entries: [], unmatched: ["operator", "target"] });
  });

  it("are checked: bad fields are named and ignored, a start after the end is said, addresses keep the filter", async () => {
    const { parseQueryParams, auditQueryShape, checkAuditFilter, auditFilterHref } = await lib();
    const parsed = parseQueryParams(auditQueryShape, { from: "2025-02-30", to: "2025-03-01", operator: "x".repeat(51), target: " 张三 ", action: "drop table", page: "2" });
    expect(checkAuditFilter(parsed)).toEqual({ filter: { to: "2025-03-01", target: "张三", page: 2 }, notices: ["地址中的开始日期、操作者、操作无效，已忽略。"] });
    const reversed = checkAuditFilter(parseQueryParams(auditQueryShape, { from: "2025-03-05", to: "2025-03-01", action: "logout" }));
    expect(reversed).toEqual({ filter: { action: "logout" }, notices: ["开始日期 2025-03-05 晚于结束日期 2025-03-01，日期条件已忽略。"] });
    expect(auditFilterHref({ from: "2025-03-01", operator: "张 三&", action: "logout" }, 3)).toBe("/admin/audit?from=2025-03-01&operator=%E5%BC%A0+%E4%B8%89%26&action=logout&page=3");
  });

  it("run on indexes for the operator and target filters", async () => {
    const { db } = await lib();
    const names =
      TEST_DATABASE === "sqlite"
        ? (await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'AuditLog'`)).map((r) => r.name)
        : (await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT indexname::text AS name FROM pg_indexes WHERE tablename = 'AuditLog'`)).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["AuditLog_actorAccount_createdAt_idx", "AuditLog_targetType_targetId_createdAt_idx", "AuditLog_action_createdAt_idx"]));
    if (TEST_DATABASE === "sqlite") {
      const plan = await db.$queryRawUnsafe<Array<{ detail: string }>>(
        `EXPLAIN QUERY PLAN SELECT * FROM "AuditLog" WHERE "targetType" = 'user' AND "targetId" IN ('4') AND "createdAt" >= 0 ORDER BY "createdAt" DESC LIMIT 50`,
      );
      expect(plan.map((p) => p.detail).join("\n")).toContain("AuditLog_targetType_targetId_createdAt_idx");
    }
  });
});
