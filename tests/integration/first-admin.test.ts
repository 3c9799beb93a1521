import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/database";

let database: TestDatabase;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.remove());

describe("createFirstAdmin (npm run create-admin)", () => {
  it("creates a root unit and a system administrator who must change the one-time password", async () => {
    const { createFirstAdmin } = await import("@/lib/setup/first-admin");
    const { loginWithPassword } = await import("@/lib/auth/login");
    const { getDb } = await import("@/lib/db");
    const result = await createFirstAdmin({ account: " Root ", name: "张三", unitCode: "SZ", unitName: "市委" });
    expect(result).toMatchObject({ account: "root", unitCreated: true });
    expect(result.oneTimePassword).toHaveLength(16);
    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { account: "root" }, select: { role: true, mustChangePassword: true, unit: { select: { path: true, depth: true } } } });
    expect(user).toMatchObject({ role: "SYSTEM_ADMIN", mustChangePassword: true, unit: { depth: 0 } });
    expect(user.unit.path).toMatch(/^\/\d+\/$/);
    const login = await loginWithPassword({ account: "root", password: result.oneTimePassword, ip: "127.0.0.1", userAgent: "test" });
    expect(login).toMatchObject({ ok: true, mustChangePassword: true });
    const audit = JSON.stringify(await db.auditLog.findMany());
    expect(audit).not.toContain(result.oneTimePassword);
  });

  it("refuses a taken account, an unknown unit code without a name, and bad input, in English", async () => {
    const { createFirstAdmin } = await import("@/lib/setup/first-admin");
    await expect(createFirstAdmin({ account: "root", name: "李四", unitCode: "SZ" })).rejects.toThrow('account "root" already exists');
    await expect(createFirstAdmin({ account: "other", name: "李四", unitCode: "NOPE" })).rejects.toThrow(/no unit has code "NOPE"/);
    await expect(createFirstAdmin({ account: "x", name: "", unitCode: "SZ" })).rejects.toThrow(/--account|--name/);
  });
});
