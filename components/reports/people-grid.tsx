import Link from "next/link";
import type { Cell, PeoplePage } from "@/lib/reports/people";
import { peopleHref, personHref } from "@/lib/reports/links";
import { PERSON_STATE_LABELS, type PeopleQuery } from "@/lib/schemas/reports";
import { TableScroll, tdClass, thClass } from "../admin/table-scroll";

const dayFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", month: "numeric", day: "numeric" });
const dateFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium" });

function CellView({ cell }: { cell: Cell }) {
  if (cell.state === "done") {
    return (
      <span className="text-green-900">
        ✓ <span className="sr-only">已完成</span>
        {cell.completedAt ? dayFormat.format(cell.completedAt) : ""}
        {cell.revised ? <span title="完成后内容有更新"> *</span> : null}
        <span className="block text-xs text-stone-600">{cell.activeMinutes} 分钟</span>
      </span>
    );
  }
  if (cell.state === "reading") {
    return (
      <span>
        在读 {cell.percent}%<span className="block text-xs text-stone-600">{cell.activeMinutes} 分钟</span>
      </span>
    );
  }
  return <span className="text-stone-500">未读</span>;
}

type Props = { data: PeoplePage; query: PeopleQuery };

/** The person × section grid: status, active minutes and completion date per cell; sortable by column links. */
export function PeopleGrid({ data, query }: Props) {
  const view = { unit: data.unit.id, material: data.material.slug, state: query.state };
  const sortLink = (sort: PeopleQuery["sort"], label: string) => {
    const active = query.sort === sort;
    const dir = active && query.dir === "asc" ? "desc" : "asc";
    return (
      <Link href={peopleHref({ ...view, sort, dir })} className="text-red-900 underline-offset-4 hover:underline">
        {label}
        {active ? <span aria-hidden="true">{query.dir === "asc" ? " ↑" : " ↓"}</span> : null}
        {active ? <span className="sr-only">（当前按此{query.dir === "asc" ? "升序" : "降序"}排列）</span> : null}
      </Link>
    );
  };
  const ariaSort = (sort: PeopleQuery["sort"]) => (query.sort === sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined);
  return (
    <TableScroll label="人员学习明细（可横向滚动）">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">人员学习明细，第 {data.page} 页</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass} aria-sort={ariaSort("account")}>
              {sortLink("account", "姓名 / 账号")}
            </th>
            <th scope="col" className={thClass} aria-sort={ariaSort("unit")}>
              {sortLink("unit", "单位")}
            </th>
            <th scope="col" className={thClass} aria-sort={ariaSort("progress")}>
              {sortLink("progress", "状态")}
            </th>
            <th scope="col" className={thClass} aria-sort={ariaSort("completed")}>
              {sortLink("completed", "完成日期")}
            </th>
            {data.material.sections.map((s) => (
              <th key={s.slug} scope="col" className={thClass} title={s.title}>
                {s.title.split(" · ")[0]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className={`${tdClass} whitespace-nowrap text-left font-medium`}>
                <Link href={personHref(row.id, data.material.slug)} className="text-red-800 underline-offset-4 hover:underline">
                  {row.name}
                </Link>
                <span className="block font-mono text-xs text-stone-600">{row.account}</span>
              </th>
              <td className={`${tdClass} whitespace-nowrap`}>{row.unitName}</td>
              <td className={`${tdClass} whitespace-nowrap`}>
                {PERSON_STATE_LABELS[row.state]}
                <span className="block text-xs text-stone-600">
                  {row.sectionsCompleted}/{data.material.sections.length} 节 · {row.activeMinutes} 分钟
                </span>
              </td>
              <td className={`${tdClass} whitespace-nowrap`}>{row.completedAt ? dateFormat.format(row.completedAt) : "—"}</td>
              {row.cells.map((cell, i) => (
                <td key={data.material.sections[i]!.slug} className={`${tdClass} whitespace-nowrap`}>
                  <CellView cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
