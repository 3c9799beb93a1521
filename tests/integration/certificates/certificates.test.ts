import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertUnit, insertUser } from "../helpers/fixtures";
import { insertSectionProgress } from "../helpers/progress";

let database: TestDatabase;
beforeAll(async () => {
  database = createTestDatabase();
  // MaterialInfo (section counts) drives ReaderMaterial.completedAt, as at server start.
  const { syncMaterialCatalog } = await import("@/lib/reports/counters");
  await syncMaterialCatalog();
});
afterAll(() => database.remove());

const MATERIAL = "deep-poverty-speech";
let counter = 0;

async function lib() {
  const [{ getMaterial }, certificates, code, hours, hoursExport, { getDb }] = await Promise.all([
    import("@/lib/content"),
    import("@/lib/certificates"),
    import("@/lib/certificates/code"),
    import("@/lib/certificates/hours"),
    import("@/lib/certificates/hours-export"),
    import("@/lib/db"),
  ]);
  return { getMaterial, ...certificates, ...code, ...hours, ...hoursExport, db: await getDb() };
}

async function newUnit(name: string, parent?: { id: number; path: string; depth: number }) {
  const { db } = await lib();
  counter += 1;
  return insertUnit(db, name, `CERT-${counter}`, parent);
}

async function newReader(unitId: number, name = "张小明") {
  const { db } = await lib();
  counter += 1;
  return (await insertUser(db, { account: `cert-${counter}`, unitId, name })).id;
}

/** Completes every section, the last one at `last` (the material's completion time). */
async function completeMaterial(userId: number, last: Date, sections?: number) {
  const { db, getMaterial } = await lib();
  const all = getMaterial(MATERIAL)?.sections ?? [];
  for (const [index, section] of all.slice(0, sections ?? all.length).entries()) {
    await insertSectionProgress(db, userId, MATERIAL, section, new Date(last.getTime() - (all.length - 1 - index) * 60_000));
  }
}

describe("结业证明", () => {
  it("is issued only for a completed material, once, even when ten requests issue it at the same moment", async () => {
    const { issueMyCertificate, db } = await lib();
    const unit = await newUnit("证明单位");
    const reader = await newReader(unit.id);
    await completeMaterial(reader, new Date("2026-03-01T08:00:00Z"), 3);
    expect(await issueMyCertificate(reader, MATERIAL)).toBeNull();
    expect(await issueMyCertificate(reader, "no-such-material")).toBeNull();
    const { getMaterial } = await lib();
    const all = getMaterial(MATERIAL)!.sections;
    for (const [index, section] of all.slice(3).entries()) {
      await insertSectionProgress(db, reader, MATERIAL, section, new Date(Date.UTC(2026, 2, 2, 8, index)));
    }
    const issued = await Promise.all(Array.from({ length: 10 }, () => issueMyCertificate(reader, MATERIAL)));
    const codes = new Set(issued.map((c) => c?.code));
    expect(codes.size).toBe(1);
    expect(await db.certificate.count({ where: { userId: reader } })).toBe(1);
    const again = await issueMyCertificate(reader, MATERIAL);
    expect(again?.code).toBe(issued[0]?.code);
    expect(again).toMatchObject({ name: "张小明", unitName: "证明单位", hours: 2, score: null, title: getMaterial(MATERIAL)!.title });
    expect(again?.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
  });

  it("records the best test score when issued", async () => {
    const { issueMyCertificate, db } = await lib();
    const unit = await newUnit("测试单位");
    const reader = await newReader(unit.id);
    await completeMaterial(reader, new Date("2026-04-01T08:00:00Z"));
    for (const [i, correct] of [3, 5, 4].entries()) {
      const at = new Date(Date.UTC(2026, 3, 2 + i));
      await db.quizAttempt.create({
        data: { id: `cert-${reader}-${i}`.padEnd(22, "x"), userId: reader, materialSlug: MATERIAL, questions: "[]", passPercent: 80, openedAt: at, expiresAt: new Date(at.getTime() + 7_200_000), submittedAt: at, answers: "{}", correct, total: 5, passed: correct >= 4 },
      });
    }
    expect((await issueMyCertificate(reader, MATERIAL))?.score).toEqual({ correct: 5, total: 5 });
  });

  it("verifies a good code with the minimum, and refuses forged, altered and malformed ones alike", async () => {
    const { issueMyCertificate, verifyCertificate, formatCertificateCode, generateCertificateCode } = await lib();
    const unit = await newUnit("核验单位");
    const reader = await newReader(unit.id, "欧阳小明");
    await completeMaterial(reader, new Date("2025-12-31T17:30:00Z"));
    const certificate = (await issueMyCertificate(reader, MATERIAL))!;
    const verified = await verifyCertificate(certificate.code);
    expect(verified).toEqual({ maskedName: "欧*明", title: certificate.title, completedAt: new Date("2025-12-31T17:30:00Z"), hours: 2, revoked: false });
    // As printed (groups of five), in lower case: the same certificate.
    expect(await verifyCertificate(formatCertificateCode(certificate.code).toLowerCase())).toEqual(verified);
    const last = certificate.code.at(-1)!;
    const altered = certificate.code.slice(0, -1) + (last === "0" ? "1" : "0");
    for (const bad of [altered, generateCertificateCode(), "", "ABC", `${certificate.code}0`, "'; DROP TABLE x --"]) {
      expect(await verifyCertificate(bad)).toBeNull();
    }
  });

  it("keeps a disabled account's certificates verifiable, marked revoked", async () => {
    const { issueMyCertificate, verifyCertificate, db } = await lib();
    const unit = await newUnit("停用单位");
    const reader = await newReader(unit.id, "李四");
    await completeMaterial(reader, new Date("2026-05-01T08:00:00Z"));
    const { code } = (await issueMyCertificate(reader, MATERIAL))!;
    await db.user.update({ where: { id: reader }, data: { disabled: true } });
    expect(await verifyCertificate(code)).toMatchObject({ maskedName: "李*", revoked: true });
  });
});

describe("年度学时统计", () => {
  it("totals 学时 per person and China-time year within the administrator's subtree, with the unit path", async () => {
    const { listHoursRows, createHoursExport, db } = await lib();
    const top = await newUnit("学时市委");
    const sub = await newUnit("学时组织部", top);
    const other = await newUnit("学时他市");
    const a = await newReader(top.id, "王一");
    const b = await newReader(sub.id, "王二");
    const c = await newReader(other.id, "王三");
    const idle = await newReader(sub.id, "王四");
    await completeMaterial(a, new Date("2025-12-31T17:30:00Z")); // 2026 in China
    await completeMaterial(b, new Date("2025-06-01T08:00:00Z"));
    await completeMaterial(c, new Date("2025-06-01T08:00:00Z"));
    await completeMaterial(idle, new Date("2025-06-01T08:00:00Z"), 2);
    const admin = { id: 0, role: "UNIT_ADMIN" as const, unitPath: top.path };
    const rows = [];
    for await (const row of (await listHoursRows(admin, top.id))!) rows.push(row);
    expect(rows.map(({ name, year, hours, unitPath, materials }) => ({ name, year, hours, unitPath, count: materials.length }))).toEqual([
      { name: "王一", year: 2026, hours: 2, unitPath: "学时市委", count: 1 },
      { name: "王二", year: 2025, hours: 2, unitPath: "学时市委 / 学时组织部", count: 1 },
    ]);
    const only2025 = [];
    for await (const row of (await listHoursRows(admin, top.id, 2025))!) only2025.push(row.name);
    expect(only2025).toEqual(["王二"]);
    // The sub-unit's administrator sees only it; the other city is out of scope, answered as absent.
    const subAdmin = { id: 0, role: "UNIT_ADMIN" as const, unitPath: sub.path };
    expect(await listHoursRows(subAdmin, top.id)).toBeNull();
    expect(await listHoursRows(admin, other.id)).toBeNull();

    const actor = { ...admin, id: a, account: "cert-admin", name: "管理员", unitId: top.id, mustChangePassword: false };
    const file = (await createHoursExport(actor, { unit: top.id, format: "csv" }, "127.0.0.1"))!;
    const text = await new Response(file.body).text();
    const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("姓名,账号,单位,年度,完成材料数,学时,完成的材料,账号状态");
    expect(lines.slice(1).map((l) => l.split(",").slice(3, 6).join(","))).toEqual(["2026,1,2", "2025,1,2"]);
    expect(text).not.toContain("王三");
    const audit = await db.auditLog.findFirst({ where: { action: "report.hours_export" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ targetId: String(top.id) });
    const xlsx = (await createHoursExport(actor, { unit: top.id, format: "xlsx", year: 2025 }, "127.0.0.1"))!;
    const bytes = new Uint8Array(await new Response(xlsx.body).arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const values = workbook.worksheets[0]!.getSheetValues().flat().filter((v) => v !== null && v !== undefined).map(String);
    expect(values).toContain("王二");
    expect(values).not.toContain("王一");
  });
});
