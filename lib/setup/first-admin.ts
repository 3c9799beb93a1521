import "server-only";
import { z } from "zod";
import { writeAudit } from "../audit";
import { accountSchema } from "../auth/account";
import { generateOneTimePassword, hashPassword } from "../auth/password";
import { getDb } from "../db";
import { isUniqueViolation } from "../db-errors";

export const firstAdminSchema = z.strictObject({
  account: accountSchema,
  name: z.string().trim().min(1, "name must not be empty").max(50),
  unitCode: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, "unit code must be 1-40 letters, digits, _ or -"),
  unitName: z.string().trim().min(1).max(100).optional(),
});

export type FirstAdminInput = z.input<typeof firstAdminSchema>;

/**
 * Creates a system administrator for a real deployment, with a one-time password that must be
 * changed at first sign-in. Uses the unit with the given code, or creates it as a root unit.
 * Errors are English: this runs from the command line.
 */
export async function createFirstAdmin(input: FirstAdminInput): Promise<{ account: string; oneTimePassword: string; unitCreated: boolean }> {
  const parsed = firstAdminSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0] ?? "?").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join("\n"));
  }
  const { account, name, unitCode, unitName } = parsed.data;
  const db = await getDb();
  let unit = await db.unit.findUnique({ where: { code: unitCode }, select: { id: true } });
  const unitCreated = !unit;
  if (!unit) {
    if (!unitName) throw new Error(`no unit has code "${unitCode}"; pass --unit-name to create it as a root unit`);
    const created = await db.unit.create({ data: { name: unitName, code: unitCode, path: `pending-${unitCode}`, depth: 0 } });
    await db.unit.update({ where: { id: created.id }, data: { path: `/${created.id}/` } });
    unit = { id: created.id };
  }
  const oneTimePassword = generateOneTimePassword(16);
  const user = await db.user
    .create({ data: { account, name, unitId: unit.id, role: "SYSTEM_ADMIN", passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true }, select: { id: true } })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Error(`account "${account}" already exists`);
      throw error;
    });
  await writeAudit({ action: "user.create", targetType: "user", targetId: user.id, detail: { account, role: "SYSTEM_ADMIN", via: "create-admin command" } });
  return { account, oneTimePassword, unitCreated };
}
