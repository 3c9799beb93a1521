import "server-only";
import type { Role } from "../generated/prisma/enums";
import { accountSchema } from "../auth/account";
import { ROLE_LABELS, canAdministerAccountAt, getAssignableRoles, type Actor } from "../auth/permissions";
import { getDb } from "../db";
import { userNameSchema } from "../schemas/user";
import type { RowError } from "./protocol";
import { parseRoleText } from "./roles";
import type { ParsedRow } from "./table";
import { normalizeUnitPath } from "./unit-path";
import { loadUnitLookup, normalizeUnitCode, type ScopeUnit, type UnitLookup } from "./units";

/** A row that passed every check, ready to be created. */
export type ImportRecord = { rowNumber: number; name: string; account: string; role: Role; unitId: number; unitLabel: string };

export type ValidationResult = { ok: true; records: ImportRecord[] } | { ok: false; errors: RowError[] };

const IN_CHUNK = 500;
// "1.38E+10": what Excel writes into a CSV for a long number in a column not formatted as text.
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i;

function checkName(name: string): string | null {
  if (name === "") return "姓名不能为空";
  const parsed = userNameSchema.safeParse(name);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "姓名无效");
}

function checkAccount(raw: string): { account: string } | { error: string } {
  if (raw === "") return { error: "账号不能为空" };
  if (SCIENTIFIC.test(raw)) return { error: `账号“${raw}”被 Excel 改成了科学计数法，请把账号列设为“文本”格式、重新填写账号后再导入` };
  const parsed = accountSchema.safeParse(raw);
  return parsed.success ? { account: parsed.data } : { error: `账号“${raw}”无效：${parsed.error.issues[0]?.message ?? "格式不正确"}` };
}

function resolveUnit(row: ParsedRow, units: UnitLookup, outOfScopeNote: string): { unit: ScopeUnit } | { error: string } {
  if (!row.unitPath && !row.unitCode) return { error: "请填写单位路径或单位编码" };
  let byPath: ScopeUnit | undefined;
  if (row.unitPath) {
    const found = units.byNamePath.get(normalizeUnitPath(row.unitPath)) ?? [];
    if (found.length === 0) return { error: `找不到单位“${row.unitPath}”${outOfScopeNote}` };
    if (found.length > 1) return { error: `单位路径“${row.unitPath}”对应多个同名单位，请改填单位编码` };
    byPath = found[0];
  }
  if (row.unitCode) {
    const byCode = units.byCode.get(normalizeUnitCode(row.unitCode));
    if (!byCode) return { error: `找不到单位编码为“${row.unitCode}”的单位${outOfScopeNote}` };
    if (byPath && byPath.id !== byCode.id) return { error: `单位路径“${row.unitPath}”与单位编码“${row.unitCode}”不是同一个单位` };
    return { unit: byCode };
  }
  return byPath ? { unit: byPath } : { error: "请填写单位路径或单位编码" };
}

function checkRole(text: string | undefined, assignable: Role[]): { role: Role } | { error: string } {
  const role = parseRoleText(text);
  const choices = assignable.map((r) => ROLE_LABELS[r]).join("、");
  if (role === null) return { error: `角色“${text}”无效（可填：${choices}；不填即为${ROLE_LABELS.READER}）` };
  if (!assignable.includes(role)) return { error: `您不能设置角色“${ROLE_LABELS[role]}”（可填：${choices}）` };
  return { role };
}

/** Which of these (normalized) accounts already exist, asked in chunks to stay under SQLite's parameter limit. */
export async function findExistingAccounts(accounts: string[]): Promise<Set<string>> {
  const db = await getDb();
  const existing = new Set<string>();
  for (let i = 0; i < accounts.length; i += IN_CHUNK) {
    const rows = await db.user.findMany({ where: { account: { in: accounts.slice(i, i + IN_CHUNK) } }, select: { account: true } });
    for (const row of rows) existing.add(row.account);
  }
  return existing;
}

/**
 * Checks every row of a parsed file for the actor: name and account format, duplicates within the
 * file and against existing accounts, the unit (which must be in the actor's scope) and the role
 * (which the actor must be allowed to give). Returns all problems of all rows, or the records.
 *
 * A unit outside a unit administrator's scope gets the same answer as one that does not exist
 * ("找不到单位…，或不在您的管理范围内"), so that the import cannot be used to learn which units exist
 * elsewhere; a system administrator, whose scope is everything, gets a plain "找不到单位".
 */
export async function validateAccountRows(actor: Actor, rows: ParsedRow[]): Promise<ValidationResult> {
  const units = await loadUnitLookup(actor);
  const assignable = getAssignableRoles(actor);
  const outOfScopeNote = actor.role === "SYSTEM_ADMIN" ? "" : "，或该单位不在您的管理范围内";
  const errors = new Map<number, string[]>();
  const addError = (rowNumber: number, message: string) => errors.set(rowNumber, [...(errors.get(rowNumber) ?? []), message]);
  const firstRowOf = new Map<string, number>();
  const records: ImportRecord[] = [];

  for (const row of rows) {
    const nameError = checkName(row.name);
    if (nameError) addError(row.rowNumber, nameError);
    const account = checkAccount(row.account);
    if ("error" in account) addError(row.rowNumber, account.error);
    else {
      const first = firstRowOf.get(account.account);
      if (first !== undefined) addError(row.rowNumber, `账号“${row.account}”与第 ${first} 行重复`);
      else firstRowOf.set(account.account, row.rowNumber);
    }
    const unit = resolveUnit(row, units, outOfScopeNote);
    if ("error" in unit) addError(row.rowNumber, unit.error);
    const role = checkRole(row.role, assignable);
    if ("error" in role) addError(row.rowNumber, role.error);
    else if ("unit" in unit && !canAdministerAccountAt(actor, { role: role.role, unitPath: unit.unit.path })) {
      // A unit administrator of their own unit would be a peer, able to take over this actor's account.
      addError(row.rowNumber, `${ROLE_LABELS[role.role]}只能设在您所在单位的下级单位，不能设在“${unit.unit.label}”`);
    }
    if (!nameError && "account" in account && "unit" in unit && "role" in role) {
      records.push({ rowNumber: row.rowNumber, name: row.name, account: account.account, role: role.role, unitId: unit.unit.id, unitLabel: unit.unit.label });
    }
  }

  const existing = await findExistingAccounts([...firstRowOf.keys()]);
  for (const [account, rowNumber] of firstRowOf) {
    if (existing.has(account)) addError(rowNumber, `账号“${account}”已存在`);
  }

  if (errors.size === 0) return { ok: true, records };
  const list = [...errors.entries()].sort(([a], [b]) => a - b).flatMap(([rowNumber, messages]) => messages.map((message) => ({ rowNumber, message })));
  return { ok: false, errors: list };
}
