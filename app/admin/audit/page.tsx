import type { Metadata } from "next";
import { AuditFilter } from "@/components/admin/audit-filter";
import { AuditTable } from "@/components/admin/audit-table";
import { Pagination } from "@/components/admin/pagination";
import { QueryNotice } from "@/components/admin/status-message";
import { AUDIT_ACTION_LABELS, listAuditLog } from "@/lib/audit-log";
import { requireSystemAdmin } from "@/lib/auth/current-user";
import { auditQueryShape, parseQueryParams } from "@/lib/schemas/admin";

export const metadata: Metadata = { title: "审计日志" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const user = await requireSystemAdmin("/admin/audit");
  const { data, invalid } = parseQueryParams(auditQueryShape, await searchParams);
  const log = await listAuditLog(user, { page: data.page, action: data.action });
  const hrefFor = (page: number) => {
    const query = new URLSearchParams();
    if (data.action) query.set("action", data.action);
    if (page > 1) query.set("page", String(page));
    const search = query.toString();
    return search ? `/admin/audit?${search}` : "/admin/audit";
  };
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">审计日志</h1>
      <p className="mb-4 text-stone-700">登录、密码、账号和单位的变动都记录在这里，只能追加，不能修改或删除；记录中不含密码。</p>
      <QueryNotice message={invalid.length ? "地址中的部分筛选条件无效，已忽略。" : undefined} />
      <AuditFilter action={data.action} />
      <h2 className="mb-2 text-lg font-medium">
        {data.action ? `“${AUDIT_ACTION_LABELS[data.action]}”记录` : "全部记录"}：共 {log.total} 条
      </h2>
      {log.entries.length ? (
        <AuditTable entries={log.entries} caption={`审计日志，第 ${log.page} 页，最新的在前`} />
      ) : (
        <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">没有记录。</p>
      )}
      <Pagination page={log.page} pageCount={log.pageCount} total={log.total} hrefFor={hrefFor} />
    </>
  );
}
