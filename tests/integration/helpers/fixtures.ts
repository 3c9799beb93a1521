import type { Role } from "@/lib/generated/prisma/enums";

type Db = Awaited<ReturnType<typeof import("@/lib/db").getDb>>;

/** Inserts a unit under a parent (or as a root) with its materialized path, like lib/units.ts does. */
export async function insertUnit(db: Db, name: string, code: string, parent?: { id: number; path: string; depth: number }) {
  const row = await db.unit.create({ data: { name, code, parentId: parent?.id ?? null, path: `pending-${code}`, depth: parent ? parent.depth + 1 : 0 } });
  return db.unit.update({ where: { id: row.id }, data: { path: `${parent?.path ?? "/"}${row.id}/` } });
}

/** Inserts an account with a real argon2id hash of `password`. */
export async function insertUser(
  db: Db,
  input: { account: string; unitId: number; role?: Role; password?: string; name?: string; mustChangePassword?: boolean; disabled?: boolean },
) {
  const { hashPassword } = await import("@/lib/auth/password");
  return db.user.create({
    data: {
      account: input.account,
      name: input.name ?? input.account,
      unitId: input.unitId,
      role: input.role ?? "READER",
      passwordHash: await hashPassword(input.password ?? "correct-horse-1"),
      mustChangePassword: input.mustChangePassword ?? false,
      disabled: input.disabled ?? false,
    },
    select: { id: true, account: true, role: true, unitId: true },
  });
}
