import type { Role } from "@/lib/generated/prisma/enums";

type Db = Awaited<ReturnType<typeof import("@/lib/db").getDb>>;
type UnitRow = { id: number; path: string; depth: number; name: string; code: string };

async function insertUnit(db: Db, name: string, code: string, parent?: UnitRow): Promise<UnitRow> {
  const row = await db.unit.create({ data: { name, code, parentId: parent?.id ?? null, path: `pending-${code}`, depth: parent ? parent.depth + 1 : 0 } });
  return db.unit.update({ where: { id: row.id }, data: { path: `${parent?.path ?? "/"}${row.id}/` }, select: { id: true, path: true, depth: true, name: true, code: true } });
}

/**
 * 示范县委 (SFX)
 * ├─ 县委组织部 (ZZB) ── 第一支部 (ZZB-1), 第二支部 (ZZB-2)
 * └─ 县委宣传部 (XCB) ── 第一支部 (XCB-1)      (two units named 第一支部, under different parents)
 * 另一个县 (OTHER): a second root, with two sibling units both named 办公室 (OTHER-A, OTHER-B).
 */
export async function seedUnitTree(db: Db) {
  const root = await insertUnit(db, "示范县委", "SFX");
  const zzb = await insertUnit(db, "县委组织部", "ZZB", root);
  const zzb1 = await insertUnit(db, "第一支部", "ZZB-1", zzb);
  const zzb2 = await insertUnit(db, "第二支部", "ZZB-2", zzb);
  const xcb = await insertUnit(db, "县委宣传部", "XCB", root);
  const xcb1 = await insertUnit(db, "第一支部", "XCB-1", xcb);
  const other = await insertUnit(db, "另一个县", "OTHER");
  await insertUnit(db, "办公室", "OTHER-A", other);
  await insertUnit(db, "办公室", "OTHER-B", other);
  return { root, zzb, zzb1, zzb2, xcb, xcb1, other };
}

/** An account row with a placeholder hash (these accounts never sign in) and the actor shape lib/ expects. */
export async function insertAccount(db: Db, account: string, unit: UnitRow, role: Role = "READER") {
  const user = await db.user.create({ data: { account, name: account, unitId: unit.id, role, passwordHash: "not-a-real-hash", mustChangePassword: false }, select: { id: true, account: true, role: true } });
  return { ...user, unitPath: unit.path };
}
