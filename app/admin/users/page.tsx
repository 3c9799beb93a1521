import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/admin/pagination";
import { QueryNotice } from "@/components/admin/status-message";
import { toUnitOptions } from "@/components/admin/unit-options";
import { UserFilters } from "@/components/admin/user-filters";
import { UsersTable } from "@/components/admin/users-table";
import { requireAdmin } from "@/lib/auth/current-user";
import { canManageAccount } from "@/lib/auth/permissions";
import { parseQueryParams, userListQueryShape } from "@/lib/schemas/admin";
import { listUnitsInScope } from "@/lib/units";
import { listUsersInScope } from "@/lib/users";

export const metadata: Metadata = { title: "账号管理" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const user = await requireAdmin("/admin/users");
  const { data, invalid } = parseQueryParams(userListQueryShape, await searchParams);
  const units = await listUnitsInScope(user);
  // A unit outside the actor's scope is treated like a malformed one: ignored, with a notice.
  const unit = units.find((u) => u.id === data.unit);
  if (data.unit !== undefined && !unit) invalid.push("unit");
  const result = await listUsersInScope(user, { unitId: unit?.id, q: data.q, page: data.page });
  const rows = result.users.map((row) => ({ ...row, manageable: canManageAccount(user, { id: row.id, role: row.role, unitPath: row.unit.path }) }));
  const hrefFor = (page: number) => {
    const query = new URLSearchParams();
    if (unit) query.set("unit", String(unit.id));
    if (data.q) query.set("q", data.q);
    if (page > 1) query.set("page", String(page));
    const search = query.toString();
    return search ? `/admin/users?${search}` : "/admin/users";
  };
  return (
    <>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold">账号</h1>
        <Link href={unit ? `/admin/users/new?unit=${unit.id}` : "/admin/users/new"} className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
          新建账号
        </Link>
      </div>
      <QueryNotice message={invalid.length ? "地址中的部分筛选条件无效或不在您的管理范围内，已忽略。" : undefined} />
      <UserFilters unitOptions={toUnitOptions(units)} unit={unit?.id} q={data.q} />
      <h2 className="mb-2 text-lg font-medium">
        {unit ? `${unit.name}（含下级）` : "全部单位"}
        {data.q ? `中匹配“${data.q}”的账号` : "的账号"}：共 {result.total} 个
      </h2>
      {rows.length ? (
        <UsersTable users={rows} caption={`账号列表，第 ${result.page} 页`} />
      ) : (
        <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">没有符合条件的账号。</p>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} total={result.total} hrefFor={hrefFor} unit="个账号" />
    </>
  );
}
