import "server-only";
import type { Actor } from "../auth/permissions";
import { getDb } from "../db";
import { getUnitAncestry } from "../units";
import { toCsv } from "./csv-write";
import { formatUnitPath } from "./unit-path";

export const TEMPLATE_HEADER = ["姓名", "账号", "单位路径", "单位编码", "角色"];

/** The template CSV (UTF-8 with BOM): the header and one example row in the actor's own unit. */
export async function buildTemplateCsv(actor: Actor): Promise<string> {
  const db = await getDb();
  const unit = await db.unit.findUnique({ where: { path: actor.unitPath }, select: { code: true } });
  const names = (await getUnitAncestry(actor.unitPath)).map((u) => u.name);
  const example = unit ? ["张三", "13800000000", formatUnitPath(names), unit.code, "学员"] : ["张三", "13800000000", "", "", "学员"];
  return toCsv([TEMPLATE_HEADER, example]);
}
