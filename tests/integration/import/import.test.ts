import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import type { ImportEvent } from "@/lib/import/protocol";
import { encodeGbk, utf8 } from "../../unit/import/helpers/files";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertAccount, seedUnitTree } from "./seed";

type Db = Awaited<ReturnType<typeof import("@/lib/db").getDb>>;
type AuditActor = Actor & { account: string };

let database: TestDatabase;
let db: Db;
let units: Awaited<ReturnType<typeof seedUnitTree>>;
let sysAdmin: AuditActor;
let zzbAdmin: AuditActor;

const HEADER = "姓名,账号,单位路径,单位编码,角色";
const ARGON2ID_PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/;

beforeAll(async () => {
  database = createTestDatabase();
  db = await (await import("@/lib/db")).getDb();
  units = await seedUnitTree(db);
  sysAdmin = await insertAccount(db, "sysadmin", units.root, "SYSTEM_ADMIN");
  zzbAdmin = await insertAccount(db, "zzb-admin", units.zzb, "UNIT_ADMIN");
  await insertAccount(db, "taken", units.xcb);
});
afterAll(async () => {
  await db.$disconnect();
  database.remove();
});

const csv = (...rows: string[]) => utf8([HEADER, ...rows].join("\r\n") + "\r\n");

/** Runs the whole pipeline as the route does and collects its NDJSON events. */
async function runImport(actor: AuditActor, bytes: Uint8Array, fileName = "名单.csv", signal?: AbortSignal): Promise<ImportEvent[]> {
  const { createImportStream } = await import("@/lib/import/stream");
  const text = await new Response(createImportStream({ actor, bytes, fileName, ip: "10.0.0.9", signal })).text();
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ImportEvent);
}

function resultOf(events: ImportEvent[]) {
  const results = events.filter((e) => e.type === "result");
  expect(results).toHaveLength(1);
  expect(events.at(-1)).toBe(results[0]);
  return results[0] as Extract<ImportEvent, { type: "result" }>;
}

function errorsOf(events: ImportEvent[]) {
  const result = resultOf(events);
  if (result.ok) throw new Error(`expected errors, got ${result.created} created`);
  return result.errors;
}

const userCount = () => db.user.count();

describe("a valid file", () => {
  it("creates every account with an argon2id hash of its one-time password, to be changed at first sign-in", async () => {
    const before = await userCount();
    const events = await runImport(
      sysAdmin,
      csv(
        "张三,13800000001,示范县委/县委组织部/第一支部,,",
        "李四,LiSi,,ZZB-2,单位管理员",
        "王五,ｗａｎｇｗｕ,示范县委 / 县委宣传部,XCB,读者",
        "赵六,zhaoliu,另一个县,,SYSTEM_ADMIN",
      ),
    );
    const result = resultOf(events);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.created).toBe(4);
    expect(await userCount()).toBe(before + 4);
    expect(result.accounts.map((a) => [a.name, a.account, a.unit, a.role])).toEqual([
      ["张三", "13800000001", "示范县委 / 县委组织部 / 第一支部", "学员"],
      ["李四", "lisi", "示范县委 / 县委组织部 / 第二支部", "单位管理员"],
      ["王五", "wangwu", "示范县委 / 县委宣传部", "学员"],
      ["赵六", "zhaoliu", "另一个县", "系统管理员"],
    ]);
    const { verifyPassword } = await import("@/lib/auth/password");
    const expectedUnits = [units.zzb1.id, units.zzb2.id, units.xcb.id, units.other.id];
    const expectedRoles = ["READER", "UNIT_ADMIN", "READER", "SYSTEM_ADMIN"];
    for (const [i, created] of result.accounts.entries()) {
      const row = await db.user.findUniqueOrThrow({ where: { account: created.account }, select: { name: true, unitId: true, role: true, passwordHash: true, mustChangePassword: true, disabled: true, createdAt: true } });
      expect(row).toMatchObject({ name: created.name, unitId: expectedUnits[i], role: expectedRoles[i], mustChangePassword: true, disabled: false });
      expect(row.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(row.passwordHash).toMatch(ARGON2ID_PHC);
      expect(created.oneTimePassword).toMatch(/^[2-9a-zA-Z]{12}$/);
      expect(await verifyPassword(row.passwordHash, created.oneTimePassword)).toBe(true);
    }
    expect(new Set(result.accounts.map((a) => a.oneTimePassword)).size).toBe(4);
  });

  it("writes one audit entry with the count and file name and never a password", async () => {
    const events = await runImport(zzbAdmin, csv("审计甲,audit-a,,ZZB-1,", "审计乙,audit-b,,ZZB,"), "审计测试.csv");
    const result = resultOf(events);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const entries = await db.auditLog.findMany({ where: { action: "import.accounts", actorId: zzbAdmin.id } });
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({ actorAccount: "zzb-admin", targetType: "import", ip: "10.0.0.9" });
    expect(JSON.parse(entry.detail ?? "{}")).toEqual({ count: 2, fileName: "审计测试.csv", units: 2 });
    const everything = JSON.stringify(await db.auditLog.findMany());
    for (const account of result.accounts) expect(everything).not.toContain(account.oneTimePassword);
  });

  it("reports progress through validate, hash and write before the result", async () => {
    const events = await runImport(sysAdmin, csv("进度甲,progress-a,,SFX,", "进度乙,progress-b,,SFX,"));
    const phases = events.filter((e) => e.type === "progress").map((e) => (e.type === "progress" ? `${e.phase} ${e.done}/${e.total}` : ""));
    expect(phases).toEqual(["validate 0/2", "validate 2/2", "hash 0/2", "hash 1/2", "hash 2/2", "write 0/2", "write 2/2"]);
    expect(resultOf(events).ok).toBe(true);
  });

  it("imports a GBK file saved by Excel", async () => {
    const bytes = encodeGbk([HEADER, "钱七,qianqi,示范县委/县委组织部,,学员"].join("\r\n"));
    const result = resultOf(await runImport(sysAdmin, bytes, "gbk.csv"));
    expect(result.ok && result.accounts[0]).toMatchObject({ name: "钱七", unit: "示范县委 / 县委组织部" });
    expect(await db.user.findUnique({ where: { account: "qianqi" }, select: { name: true } })).toEqual({ name: "钱七" });
  });
});

describe("a file with a bad row writes nothing and names the row", () => {
  const valid = ["好甲,good-a,示范县委/县委组织部,,", "好乙,good-b,,ZZB-1,学员"];
  const cases: Array<[string, string, RegExp]> = [
    ["duplicate account in the file", "重复,GOOD-A,,ZZB,", /^账号“GOOD-A”与第 2 行重复$/],
    ["account that already exists", "已有,taken,,ZZB,", /^账号“taken”已存在$/],
    ["unknown unit path", "无单位,x-1,示范县委/不存在的部门,,", /^找不到单位“示范县委\/不存在的部门”$/],
    ["unknown unit code", "无编码,x-2,,NOPE,", /^找不到单位编码为“NOPE”的单位$/],
    ["unit path and code naming different units", "矛盾,x-3,示范县委/县委宣传部,ZZB,", /^单位路径“示范县委\/县委宣传部”与单位编码“ZZB”不是同一个单位$/],
    ["unit path not written from the root", "半截,x-4,第一支部,,", /^找不到单位“第一支部”$/],
    ["ambiguous unit path (two sibling units of that name)", "同名,x-4,另一个县/办公室,,", /^单位路径“另一个县\/办公室”对应多个同名单位，请改填单位编码$/],
    ["no unit at all", "没单位,x-5,,,", /^请填写单位路径或单位编码$/],
    ["bad role", "组长,x-6,,ZZB,组长", /^角色“组长”无效（可填：学员、单位管理员、系统管理员；不填即为学员）$/],
    ["empty name", ",x-7,,ZZB,", /^姓名不能为空$/],
    ["name too long", `${"长".repeat(51)},x-8,,ZZB,`, /^姓名不能超过 50 个字$/],
    ["account with bad characters", "坏账号,张 三,,ZZB,", /^账号“张 三”无效：账号只能包含字母、数字和 \. _ @ -$/],
    ["empty account", "无账号,,,ZZB,", /^账号不能为空$/],
    ["account mangled into scientific notation", "科学,1.38E+10,,ZZB,", /科学计数法/],
  ];

  it.each(cases)("%s", async (_kind, badRow, expected) => {
    const before = await userCount();
    const errors = errorsOf(await runImport(sysAdmin, csv(valid[0]!, valid[1]!, badRow)));
    expect(errors).toEqual([{ rowNumber: 4, message: expect.stringMatching(expected) }]);
    expect(await userCount()).toBe(before);
    expect(await db.user.findUnique({ where: { account: "good-a" } })).toBeNull();
  });

  it("reports every problem of every row at once, in row order", async () => {
    const before = await userCount();
    const errors = errorsOf(
      await runImport(
        sysAdmin,
        csv("好甲,good-a,,ZZB,", "", ",taken,示范县委/无此单位,,组长", "好丙,good-c,,ZZB,", "重复,good-a,,ZZB,"),
      ),
    );
    expect(errors.map((e) => e.rowNumber)).toEqual([4, 4, 4, 4, 6]);
    expect(errors.map((e) => e.message)).toEqual([
      "姓名不能为空",
      "找不到单位“示范县委/无此单位”",
      expect.stringContaining("角色“组长”无效"),
      "账号“taken”已存在",
      "账号“good-a”与第 2 行重复",
    ]);
    expect(await userCount()).toBe(before);
  });

  it("says so once for a file that cannot be read", async () => {
    const before = await userCount();
    expect(errorsOf(await runImport(sysAdmin, utf8("姓名,单位编码\n张三,ZZB\n")))).toEqual([{ rowNumber: 0, message: expect.stringContaining("缺少“账号”列") }]);
    expect(await userCount()).toBe(before);
  });
});

describe("a unit administrator", () => {
  it("imports into units of their own subtree, by path or code, and gives the roles they may give", async () => {
    const result = resultOf(await runImport(zzbAdmin, csv("组甲,zu-a,示范县委/县委组织部/第二支部,,单位管理员", "组乙,zu-b,,ZZB-1,")));
    expect(result.ok && result.created).toBe(2);
  });

  it("cannot import into another subtree: answered like a unit that does not exist", async () => {
    const before = await userCount();
    const errors = errorsOf(await runImport(zzbAdmin, csv("越权甲,out-a,示范县委/县委宣传部,,", "越权乙,out-b,,XCB-1,", "越权丙,out-c,示范县委/不存在,,", "越权丁,out-d,示范县委,,")));
    expect(errors).toEqual([
      { rowNumber: 2, message: "找不到单位“示范县委/县委宣传部”，或该单位不在您的管理范围内" },
      { rowNumber: 3, message: "找不到单位编码为“XCB-1”的单位，或该单位不在您的管理范围内" },
      { rowNumber: 4, message: "找不到单位“示范县委/不存在”，或该单位不在您的管理范围内" },
      { rowNumber: 5, message: "找不到单位“示范县委”，或该单位不在您的管理范围内" },
    ]);
    expect(await userCount()).toBe(before);
  });

  it("cannot create system administrators", async () => {
    const before = await userCount();
    const errors = errorsOf(await runImport(zzbAdmin, csv("好人,fine-1,,ZZB,", "提权,escalate,,ZZB,系统管理员", "提权二,escalate-2,,ZZB,SYSTEM_ADMIN")));
    expect(errors).toEqual([
      { rowNumber: 3, message: "您不能设置角色“系统管理员”（可填：学员、单位管理员）" },
      { rowNumber: 4, message: "您不能设置角色“系统管理员”（可填：学员、单位管理员）" },
    ]);
    expect(await userCount()).toBe(before);
  });

  it("finds the one 第一支部 of their own subtree by its full path, where the system administrator must disambiguate", async () => {
    const { validateAccountRows } = await import("@/lib/import/validate");
    const row = { rowNumber: 2, name: "甲", account: "same-name", unitPath: "示范县委/县委组织部/第一支部" };
    const mine = await validateAccountRows(zzbAdmin, [row]);
    expect(mine.ok && mine.records[0]?.unitId).toBe(units.zzb1.id);
    const other = await validateAccountRows(sysAdmin, [{ ...row, unitPath: "示范县委/县委宣传部/第一支部" }]);
    expect(other.ok && other.records[0]?.unitId).toBe(units.xcb1.id);
  });
});

describe("changes between validation and the write", () => {
  it("writes nothing when one of the accounts is created by someone else meanwhile", async () => {
    const { validateAccountRows } = await import("@/lib/import/validate");
    const { importAccounts } = await import("@/lib/import/run");
    const rows = ["race-a", "race-b", "race-c"].map((account, i) => ({ rowNumber: i + 2, name: account, account, unitCode: "ZZB" }));
    const validation = await validateAccountRows(sysAdmin, rows);
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    const before = await userCount();
    let raced = false;
    const outcome = await importAccounts(sysAdmin, validation.records, {
      fileName: "race.csv",
      onProgress: (p) => {
        // Another administrator creates race-b while this import hashes its passwords.
        if (p.phase === "hash" && p.done === 1 && !raced) {
          raced = true;
          void insertAccount(db, "race-b", units.zzb);
        }
      },
    });
    expect(raced).toBe(true);
    expect(outcome).toEqual({ ok: false, errors: [{ rowNumber: 3, message: expect.stringContaining("账号“race-b”已存在（在导入过程中被其他人创建）") }] });
    expect(await userCount()).toBe(before + 1);
    expect(await db.user.count({ where: { account: { in: ["race-a", "race-c"] } } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "import.accounts", detail: { contains: "race.csv" } } })).toBe(0);
  });

  it("writes nothing when a unit leaves the unit administrator's scope meanwhile", async () => {
    const { validateAccountRows } = await import("@/lib/import/validate");
    const { importAccounts } = await import("@/lib/import/run");
    const moving = await db.unit.create({ data: { name: "临时支部", code: "TMP", parentId: units.zzb.id, path: "pending-tmp", depth: 2 } });
    await db.unit.update({ where: { id: moving.id }, data: { path: `${units.zzb.path}${moving.id}/` } });
    const validation = await validateAccountRows(zzbAdmin, [{ rowNumber: 2, name: "移", account: "moved-1", unitCode: "TMP" }]);
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    // A system administrator moves the unit under 宣传部 before the write.
    await db.unit.update({ where: { id: moving.id }, data: { parentId: units.xcb.id, path: `${units.xcb.path}${moving.id}/` } });
    const outcome = await importAccounts(zzbAdmin, validation.records, { fileName: "move.csv" });
    expect(outcome).toEqual({ ok: false, errors: [{ rowNumber: 2, message: expect.stringContaining("不在您的管理范围内") }] });
    expect(await db.user.findUnique({ where: { account: "moved-1" } })).toBeNull();
  });

  it("writes nothing when the browser goes away before the write", async () => {
    const before = await userCount();
    const controller = new AbortController();
    controller.abort();
    const events = await runImport(sysAdmin, csv("走了,gone-1,,ZZB,"), "gone.csv", controller.signal);
    expect(events.some((e) => e.type === "result")).toBe(false);
    expect(await userCount()).toBe(before);
  });

  it("writes nothing when the browser disconnects while the passwords are hashed", async () => {
    const { createImportStream } = await import("@/lib/import/stream");
    const before = await userCount();
    const rows = Array.from({ length: 40 }, (_, i) => `断开${i},cut-${i},,ZZB,`);
    const reader = createImportStream({ actor: sysAdmin, bytes: csv(...rows), fileName: "cut.csv" }).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes('"phase":"hash","done":1,')) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended early");
      seen += decoder.decode(value);
    }
    await reader.cancel();
    // Let the hashes in flight finish: the import must stop before its write.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await userCount()).toBe(before);
    expect(await db.user.count({ where: { account: { startsWith: "cut-" } } })).toBe(0);
  });
});

describe("a 5,000-row file", () => {
  it("validates and imports in one go, with progress about every 1 %", { timeout: 240_000 }, async () => {
    const before = await userCount();
    const unitCells = [",ZZB", "示范县委/县委组织部/第一支部,", ",ZZB-2", "示范县委/县委宣传部,XCB"];
    const rows = Array.from({ length: 5000 }, (_, i) => `学员${i},bulk${String(i).padStart(5, "0")},${unitCells[i % unitCells.length]},`);
    const started = performance.now();
    const events = await runImport(sysAdmin, csv(...rows), "5000.csv");
    const seconds = (performance.now() - started) / 1000;
    const result = resultOf(events);
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
    console.info(`[import test] 5,000 rows imported in ${seconds.toFixed(1)} s`);

    expect(result.created).toBe(5000);
    expect(await userCount()).toBe(before + 5000);
    expect(await db.user.count({ where: { account: { startsWith: "bulk" }, mustChangePassword: true } })).toBe(5000);
    expect(new Set(result.accounts.map((a) => a.oneTimePassword)).size).toBe(5000);

    const hashSteps = events.filter((e) => e.type === "progress" && e.phase === "hash").map((e) => (e.type === "progress" ? e.done : -1));
    expect(hashSteps.length).toBeGreaterThanOrEqual(100);
    expect(hashSteps.length).toBeLessThanOrEqual(102);
    expect(hashSteps).toEqual([...hashSteps].sort((a, b) => a - b));
    expect(hashSteps.at(-1)).toBe(5000);

    const { verifyPassword } = await import("@/lib/auth/password");
    for (const index of [0, 2500, 4999]) {
      const created = result.accounts[index]!;
      const row = await db.user.findUniqueOrThrow({ where: { account: created.account }, select: { passwordHash: true } });
      expect(row.passwordHash).toMatch(ARGON2ID_PHC);
      expect(await verifyPassword(row.passwordHash, created.oneTimePassword)).toBe(true);
    }
  });
});
