import { z } from "zod";
import { AUDIT_ACTIONS } from "./admin";
import { daySchema } from "./reports";

const accountTextSchema = z.string().trim().min(1).max(50, "不能超过 50 个字");

/** Query string of /admin/audit: each field checked on its own (see parseQueryParams). */
export const auditQueryShape = {
  from: daySchema,
  to: daySchema,
  operator: accountTextSchema,
  target: accountTextSchema,
  action: z.enum(AUDIT_ACTIONS),
  page: z
    .string()
    .trim()
    .regex(/^[1-9]\d{0,5}$/, "页码无效")
    .transform(Number),
};

export const AUDIT_FILTER_LABELS: Record<keyof typeof auditQueryShape, string> = {
  from: "开始日期",
  to: "结束日期",
  operator: "操作者",
  target: "对象账号",
  action: "操作",
  page: "页码",
};

/** What the audit log is filtered by, once each field has passed its schema. */
export type AuditFilter = {
  from?: string;
  to?: string;
  operator?: string;
  target?: string;
  action?: (typeof AUDIT_ACTIONS)[number];
  page?: number;
};

/**
 * The filter from a parsed query string, and what to tell the administrator: each field that was
 * not understood (ignored), and a start after the end (both dates ignored, rather than no records).
 */
export function checkAuditFilter(parsed: { data: AuditFilter; invalid: Array<keyof typeof auditQueryShape> }): { filter: AuditFilter; notices: string[] } {
  const filter = { ...parsed.data };
  const notices = parsed.invalid.length ? [`地址中的${parsed.invalid.map((key) => AUDIT_FILTER_LABELS[key]).join("、")}无效，已忽略。`] : [];
  if (filter.from && filter.to && filter.from > filter.to) {
    notices.push(`开始日期 ${filter.from} 晚于结束日期 ${filter.to}，日期条件已忽略。`);
    delete filter.from;
    delete filter.to;
  }
  return { filter, notices };
}

/** The address of a page of the audit log under the same filter. */
export function auditFilterHref(filter: AuditFilter, page = 1): string {
  const query = new URLSearchParams();
  for (const key of ["from", "to", "operator", "target", "action"] as const) {
    const value = filter[key];
    if (value) query.set(key, value);
  }
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return search ? `/admin/audit?${search}` : "/admin/audit";
}
