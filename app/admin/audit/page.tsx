import type { Metadata } from "next";
import { AuditFilter } from "@/components/admin/audit-filter";
import { AuditTable } from "@/components/admin/audit-table";
import { Pagination } from "@/components/admin/pagination";
import { QueryNotice } from "@/components/admin/status-message";
import { describeAuditFilter } from "@/lib/audit-labels";
import { listAuditLog } from "@/lib/audit-log";
import { requireSystemAdmin } from "@/lib/auth/current-user";
import { parseQueryParams } from "@/lib/schemas/admin";
import { auditFilterHref, auditQueryShape, checkAuditFilter } from "@/lib/schemas/audit";

export const metadata: Metadata = { title: "审计日志" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const user = await requireSystemAdmin("/admin/audit");
  const { filter, notices } = checkAuditFilter(parseQueryParams(auditQueryShape, await searchParams));
  const log = await listAuditLog(user, filter);
  if (log.unmatched.includes("operator")) notices.push(`没有账号或姓名为“${filter.operator}”的用户，也没有该账号的操作记录。`);
  if (log.unmatched.includes("target")) notices.push(`没有账号或姓名为“${filter.target}”的用户。`);
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">审计日志</h1>
      <p className="mb-4 text-stone-700">登录、密码、账号、单位、学习任务、提醒和导出都记录在这里，只能追加，不能修改或删除；记录中不含密码。</p>
      <QueryNotice message={notices.length ? notices.join(" ") : undefined} />
      <AuditFilter filter={filter} />
      <h2 className="mb-2 text-lg font-medium">
        {describeAuditFilter(filter)}：共 {log.total} 条
      </h2>
      {log.entries.length ? (
        <AuditTable entries={log.entries} caption={`审计日志，第 ${log.page} 页，最新的在前`} />
      ) : (
        <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">没有符合条件的记录。</p>
      )}
      <Pagination page={log.page} pageCount={log.pageCount} total={log.total} hrefFor={(page) => auditFilterHref(filter, page)} />
    </>
  );
}
