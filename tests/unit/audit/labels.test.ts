// Every audit entry the code writes reads in Chinese: the actions and detail keys are collected from
// the source of every writeAudit call, so a new call with a new key fails here until it has a label.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, AUDIT_DETAIL_KEYS, describeAuditDetail, describeAuditTarget, getAuditActionLabel, type AuditNames } from "@/lib/audit-labels";

const ROOT = path.resolve(__dirname, "../../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** The text between an opening bracket at `start` and its match. */
function balanced(text: string, start: number): string {
  const open = text[start]!;
  const close = open === "(" ? ")" : "}";
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    if (text[i] === close && --depth === 0) return text.slice(start + 1, i);
  }
  throw new Error("unbalanced");
}

function topLevelParts(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of body) {
    if ("({[".includes(ch)) depth++;
    if (")}]".includes(ch)) depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  return [...parts, current].map((p) => p.trim()).filter(Boolean);
}

function collectAuditCalls() {
  const actions = new Set<string>();
  const keys = new Set<string>();
  let calls = 0;
  for (const file of [...sourceFiles("lib"), ...sourceFiles("app")]) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const match of text.matchAll(/writeAudit\(/g)) {
      if (file === path.join("lib", "audit.ts")) continue;
      calls++;
      const call = balanced(text, match.index + "writeAudit".length);
      for (const part of topLevelParts(balanced(call, call.indexOf("{")))) {
        if (part.startsWith("action:")) for (const literal of part.matchAll(/"([^"]+)"/g)) actions.add(literal[1]!);
        if (part.startsWith("detail:")) {
          for (const field of topLevelParts(balanced(part, part.indexOf("{")))) {
            // `...(cond ? {} : { unitId: x })` adds its keys conditionally.
            if (field.startsWith("...")) for (const inner of field.matchAll(/\{\s*(\w+)\s*:/g)) keys.add(inner[1]!);
            else keys.add(field.split(":")[0]!.trim());
          }
        }
      }
    }
  }
  return { actions, keys, calls };
}

const names: AuditNames = {
  users: new Map([[4, { account: "reader-a", name: "甲处学员" }]]),
  unitPaths: new Map([
    [1, "省局"],
    [3, "省局 / 甲处 / 甲处一科"],
  ]),
  assignments: new Map([[7, { materialSlug: "m", unitId: 3 }]]),
  materialTitle: (slug) => (slug === "m" ? "一份材料" : null),
};

describe("audit labels", () => {
  it("cover every action and detail key that any writeAudit call in lib/ and app/ records", () => {
    const { actions, keys, calls } = collectAuditCalls();
    expect(calls).toBeGreaterThanOrEqual(15);
    expect(keys).toContain("alreadyReminded");
    expect(keys).toContain("view");
    expect(keys).toContain("confirmed");
    for (const action of actions) expect(Object.hasOwn(AUDIT_ACTION_LABELS, action), action).toBe(true);
    for (const key of keys) expect(AUDIT_DETAIL_KEYS, key).toContain(key);
  });

  it("render values readably: China dates, 是/否, names for ids, and unknown things marked", () => {
    const context = { targetType: "assignment", names };
    expect(describeAuditDetail("day", "2026-12-07", context)).toEqual({ key: "day", label: "提醒日期", value: "2026年12月7日" });
    expect(describeAuditDetail("sent", 19, context)).toMatchObject({ label: "已发送", value: "19 人" });
    expect(describeAuditDetail("alreadyReminded", 2, context)).toMatchObject({ label: "当天已提醒过（未重复发送）", value: "2 人" });
    expect(describeAuditDetail("material", "m", context).value).toBe("《一份材料》");
    expect(describeAuditDetail("material", "gone", context).value).toBe("gone（材料已不存在）");
    expect(describeAuditDetail("format", "xlsx", context)).toMatchObject({ label: "文件格式", value: "Excel（XLSX）" });
    expect(describeAuditDetail("view", "people", context)).toMatchObject({ label: "导出内容", value: "人员明细" });
    expect(describeAuditDetail("state", null, context)).toMatchObject({ label: "人员筛选", value: "全部人员" });
    expect(describeAuditDetail("state", "overdue", context).value).toBe("已逾期");
    expect(describeAuditDetail("unitId", 3, context).value).toBe("省局 / 甲处 / 甲处一科");
    expect(describeAuditDetail("unitId", 99, context).value).toBe("单位 #99（已不存在）");
    expect(describeAuditDetail("parentId", null, context).value).toBe("（顶级单位）");
    expect(describeAuditDetail("lockedUntil", "2026-12-06T16:30:00.000Z", context).value).toBe("2026-12-07 00:30:00（北京时间）");
    expect(describeAuditDetail("via", "create-admin command", context).value).toBe("命令行（npm run create-admin）");
    expect(describeAuditDetail("flag", true, context)).toEqual({ key: "flag", label: "flag（未识别的字段）", value: "是" });
    expect(describeAuditDetail("toString", { a: 1 }, context).label).toBe("toString（未识别的字段）");
    expect(getAuditActionLabel("reminder.send")).toBe("发送学习提醒");
    expect(getAuditActionLabel("reflection.review")).toBe("未知操作（reflection.review）");
  });

  it("name targets: the person, the unit's path, the assignment's material and unit", () => {
    expect(describeAuditTarget("user", "4", {}, names)).toBe("甲处学员（账号 reader-a）");
    expect(describeAuditTarget("unit", "3", {}, names)).toBe("省局 / 甲处 / 甲处一科");
    expect(describeAuditTarget("assignment", "7", {}, names)).toBe("学习任务：《一份材料》 · 省局 / 甲处 / 甲处一科");
    expect(describeAuditTarget("assignment", "8", { material: "m", unitId: 1 }, names)).toBe("学习任务：《一份材料》 · 省局（已撤销）");
    expect(describeAuditTarget("assignment", "9", {}, names)).toBe("学习任务 #9（已撤销）");
    expect(describeAuditTarget("import", null, {}, names)).toBe("账号批量导入");
    expect(describeAuditTarget("widget", "5", {}, names)).toBe("widget #5（未识别的对象）");
    expect(describeAuditTarget(null, null, {}, names)).toBeNull();
  });
});
