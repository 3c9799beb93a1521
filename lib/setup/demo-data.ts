import "server-only";
import { listMaterials } from "../content";
import { getChinaDay } from "../china-time";
import type { Role } from "../generated/prisma/enums";
import { hashPassword } from "../auth/password";
import { getDb } from "../db";

/**
 * Demo accounts for a local trial. Their passwords are published in the README, so they must never
 * exist in a real deployment: only `npm run demo` seeds them, and only into an empty database.
 */
export const DEMO_PASSWORDS = {
  admin: "Demo-Admin-2026",
  unitAdmin: "Demo-Unit-2026",
  reader: "Demo-Reader-2026",
  newcomer: "Demo-First-2026",
} as const;

type DemoUnit = { code: string; name: string; parent?: string };

const UNITS: DemoUnit[] = [
  { code: "SFX", name: "示范县委" },
  { code: "SFX-BGS", name: "县委办公室", parent: "SFX" },
  { code: "SFX-ZZB", name: "县委组织部", parent: "SFX" },
  { code: "SFX-ZZB-1", name: "组织部第一支部", parent: "SFX-ZZB" },
  { code: "SFX-ZZB-2", name: "组织部第二支部", parent: "SFX-ZZB" },
  { code: "SFX-XCB", name: "县委宣传部", parent: "SFX" },
  { code: "SFX-XCB-1", name: "宣传部机关支部", parent: "SFX-XCB" },
];

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高";
const GIVEN = ["建国", "海燕", "志强", "秀英", "文华", "丽娟", "国庆", "晓东", "春梅", "红军", "玉兰", "永明", "桂芳", "德胜", "淑珍"];
const READER_UNITS = ["SFX-BGS", "SFX-ZZB-1", "SFX-ZZB-2", "SFX-XCB-1", "SFX-ZZB"];
export const DEMO_READER_COUNT = 30;

type DemoAccount = { account: string; name: string; unit: string; role: Role; password: string; mustChangePassword: boolean };

/** The demo accounts: one of each role, a newcomer who must change the password, and readers. */
export function listDemoAccounts(): DemoAccount[] {
  const fixed: DemoAccount[] = [
    { account: "admin", name: "系统管理员", unit: "SFX", role: "SYSTEM_ADMIN", password: DEMO_PASSWORDS.admin, mustChangePassword: false },
    { account: "zzb-admin", name: "组织部管理员", unit: "SFX-ZZB", role: "UNIT_ADMIN", password: DEMO_PASSWORDS.unitAdmin, mustChangePassword: false },
    { account: "xcb-admin", name: "宣传部管理员", unit: "SFX-XCB", role: "UNIT_ADMIN", password: DEMO_PASSWORDS.unitAdmin, mustChangePassword: false },
    { account: "newcomer", name: "新同志", unit: "SFX-ZZB-1", role: "READER", password: DEMO_PASSWORDS.newcomer, mustChangePassword: true },
  ];
  const readers = Array.from({ length: DEMO_READER_COUNT }, (_, i): DemoAccount => ({
    account: `reader${String(i + 1).padStart(2, "0")}`,
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`,
    unit: READER_UNITS[i % READER_UNITS.length] ?? "SFX",
    role: "READER",
    password: DEMO_PASSWORDS.reader,
    mustChangePassword: false,
  }));
  return [...fixed, ...readers];
}

/** Seeds the demo unit tree and accounts into an empty database; does nothing otherwise. */
export async function seedDemoData(): Promise<{ seeded: boolean; units: number; users: number }> {
  const db = await getDb();
  if ((await db.user.count()) > 0 || (await db.unit.count()) > 0) return { seeded: false, units: 0, users: 0 };
  const ids = new Map<string, { id: number; path: string; depth: number }>();
  for (const unit of UNITS) {
    const parent = unit.parent ? ids.get(unit.parent) : undefined;
    const row = await db.unit.create({ data: { name: unit.name, code: unit.code, parentId: parent?.id ?? null, path: `pending-${unit.code}`, depth: parent ? parent.depth + 1 : 0 } });
    const path = `${parent?.path ?? "/"}${row.id}/`;
    await db.unit.update({ where: { id: row.id }, data: { path } });
    ids.set(unit.code, { id: row.id, path, depth: row.depth });
  }
  const hashes = new Map<string, string>();
  for (const password of Object.values(DEMO_PASSWORDS)) hashes.set(password, await hashPassword(password));
  const accounts = listDemoAccounts();
  await db.user.createMany({
    data: accounts.map((a) => ({
      account: a.account,
      name: a.name,
      unitId: ids.get(a.unit)?.id ?? 0,
      role: a.role,
      passwordHash: hashes.get(a.password) ?? "",
      mustChangePassword: a.mustChangePassword,
    })),
  });
  // One assignment, so the readers' home pages and the completion dashboard have a due date to show.
  const material = listMaterials()[0];
  const root = ids.get(UNITS[0]!.code);
  if (material && root) {
    const day = (offset: number) => getChinaDay(new Date(Date.now() + offset * 86_400_000));
    await db.assignment.create({ data: { materialSlug: material.slug, unitId: root.id, startDate: day(-7), dueDate: day(21) } });
  }
  return { seeded: true, units: UNITS.length, users: accounts.length };
}
