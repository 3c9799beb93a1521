import { formatChinaDate, formatChinaMonthDay } from "@/lib/china-time";
import type { Cell, PeoplePage } from "@/lib/reports/people";
import { peopleHref, personHref } from "@/lib/reports/links";
import { personStateText, type PeopleQuery } from "@/lib/schemas/reports";
import { TableScroll } from "../admin/table-scroll";


function CellView({ cell }: { cell: Cell }) {
  if (cell.state === "done") {
    return (
      <span className="cell-done">
        ✓ <span className="sr-only">已完成</span>
        {cell.completedAt ? formatChinaMonthDay(cell.completedAt) : ""}
        <small>{cell.activeMinutes} 分钟</small>
      </span>
    );
  }
  if (cell.state === "updated") {
    // Completed before a revision; the new paragraphs are unread, so it does not count as completed.
    return (
      <span className="cell-updated">
        内容已更新·待重读
        <small>
          原完成 {cell.completedAt ? formatChinaMonthDay(cell.completedAt) : ""}，{cell.activeMinutes} 分钟
        </small>
      </span>
    );
  }
  if (cell.state === "reading") {
    return (
      <span>
        在读 {cell.percent}%<small>{cell.activeMinutes} 分钟</small>
      </span>
    );
  }
  return <span className="cell-unread">未读</span>;
}

type Props = { data: PeoplePage; query: PeopleQuery };

/** The person × section grid (plain <a> links: dozens per page, see sub-unit-table.tsx): status, active minutes and completion date per cell; sortable by column links. */
export function PeopleGrid({ data, query }: Props) {
  const view = { unit: data.unit.id, material: data.material.slug, state: query.state };
  const sortLink = (sort: PeopleQuery["sort"], label: string) => {
    const active = query.sort === sort;
    const dir = active && query.dir === "asc" ? "desc" : "asc";
    return (
      <a href={peopleHref({ ...view, sort, dir })} className="text-red-900 underline-offset-4 hover:underline">
        {label}
        {active ? <span aria-hidden="true">{query.dir === "asc" ? " ↑" : " ↓"}</span> : null}
        {active ? <span className="sr-only">（当前按此{query.dir === "asc" ? "升序" : "降序"}排列）</span> : null}
      </a>
    );
  };
  const ariaSort = (sort: PeopleQuery["sort"]) => (query.sort === sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined);
  return (
    <TableScroll label="人员学习明细（可横向滚动）">
      <table className="report-table w-full border-collapse text-sm">
        <caption className="sr-only">人员学习明细，第 {data.page} 页</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort("account")}>
              {sortLink("account", "姓名 / 账号")}
            </th>
            <th scope="col" aria-sort={ariaSort("unit")}>
              {sortLink("unit", "单位")}
            </th>
            <th scope="col" aria-sort={ariaSort("progress")}>
              {sortLink("progress", "状态")}
            </th>
            <th scope="col" aria-sort={ariaSort("completed")}>
              {sortLink("completed", "完成日期")}
            </th>
            {data.material.sections.map((s) => (
              <th key={s.slug} scope="col" title={s.title}>
                {s.title.split(" · ")[0]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <a href={personHref(row.id, data.material.slug)} className="text-red-800 underline-offset-4 hover:underline">
                  {row.name}
                </a>
                <small className="font-mono">{row.account}</small>
              </th>
              <td>{row.unitName}</td>
              <td>
                {personStateText(row)}
                <small>
                  {row.sectionsCompleted}/{data.material.sections.length} 节 · {row.activeMinutes} 分钟
                </small>
              </td>
              <td>{row.completedAt ? formatChinaDate(row.completedAt) : "—"}</td>
              {row.cells.map((cell, i) => (
                <td key={data.material.sections[i]!.slug}>
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
