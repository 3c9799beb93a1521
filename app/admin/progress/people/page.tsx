import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Pagination } from "@/components/admin/pagination";
import { QueryNotice } from "@/components/admin/status-message";
import { PeopleGrid } from "@/components/reports/people-grid";
import { CountingRule } from "@/components/reports/figures";
import { requireAdmin } from "@/lib/auth/current-user";
import { getAdminScope } from "@/lib/auth/permissions";
import { listReportableMaterials } from "@/lib/content";
import { dashboardHref, exportHref, peopleHref } from "@/lib/reports/links";
import { getPeoplePage } from "@/lib/reports/people";
import { getDefaultReportUnitId } from "@/lib/reports/scope";
import { parseQueryParams } from "@/lib/schemas/admin";
import { PERSON_STATE_LABELS, PERSON_STATES, peopleQueryShape, type PeopleQuery } from "@/lib/schemas/reports";

export const metadata: Metadata = { title: "人员学习明细" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PeoplePage({ searchParams }: Props) {
  const user = await requireAdmin("/admin/progress/people");
  const { data, invalid } = parseQueryParams(peopleQueryShape, await searchParams);
  const unitId = data.unit ?? (await getDefaultReportUnitId(user));
  const material = data.material ?? (await listReportableMaterials(getAdminScope(user) ?? ""))[0]?.slug;
  if (!unitId || !material) notFound();
  const query: PeopleQuery = { unit: unitId, material, state: data.state, sort: data.sort ?? "account", dir: data.dir ?? "asc", page: data.page ?? 1 };
  const result = await getPeoplePage(user, query);
  if (!result) notFound();
  const view = { unit: result.unit.id, material: result.material.slug };
  const filters = [{ state: undefined, label: "全部" }, ...PERSON_STATES.map((state) => ({ state, label: PERSON_STATE_LABELS[state] }))];
  return (
    <>
      <p className="mb-2 text-sm print:hidden">
        <Link href={dashboardHref(view.unit, view.material)} className="text-red-800 underline-offset-4 hover:underline">
          ‹ 返回{result.unit.name}学习情况
        </Link>
      </p>
      <h1 className="mb-1 text-2xl font-bold">{result.unit.name} · 人员学习明细</h1>
      <p className="mb-4 text-stone-700">
        《{result.material.title}》，含全部下级单位的在册学员。
        {result.assignment ? `截止日期 ${result.assignment.dueDate}。` : "尚未布置截止日期。"}
      </p>
      <QueryNotice message={invalid.length ? "地址中的部分筛选条件无效，已忽略。" : undefined} />
      <nav aria-label="按状态筛选" className="mb-4 print:hidden">
        <ul className="flex flex-wrap gap-2">
          {filters.map((f) => {
            const current = f.state === query.state;
            return (
              <li key={f.label}>
                <Link
                  href={peopleHref({ ...view, state: f.state, sort: query.sort, dir: query.dir })}
                  aria-current={current ? "page" : undefined}
                  className={current ? "rounded bg-red-800 px-3 py-1.5 text-white" : "rounded border border-stone-300 bg-white px-3 py-1.5 text-red-900 hover:bg-stone-100"}
                >
                  {f.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <CountingRule sectionCount={result.material.sections.length} />
      <p className="mb-3 mt-3 flex flex-wrap gap-4 print:hidden">
        <a href={exportHref("csv", "people", query)} className="font-medium text-red-800 underline-offset-4 hover:underline">
          导出 CSV（当前筛选）
        </a>
        <a href={exportHref("xlsx", "people", query)} className="font-medium text-red-800 underline-offset-4 hover:underline">
          导出 Excel（当前筛选）
        </a>
      </p>
      {result.rows.length ? (
        <PeopleGrid data={result} query={query} />
      ) : (
        <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">没有符合条件的学员。</p>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} total={result.total} hrefFor={(page) => peopleHref({ ...query, page })} unit="名学员" />
      <p className="mt-4 text-sm text-stone-600">“✓”后为完成日期；“*”表示该节完成后内容有更新。每节下方为有效阅读分钟数。</p>
    </>
  );
}
