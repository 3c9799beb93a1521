import type { Dashboard } from "@/lib/reports/dashboard";
import { TableScroll } from "../admin/table-scroll";
import { formatShare } from "./figures";

type Props = { dashboard: Dashboard; hrefForUnit: (unitId: number) => string };

/**
 * Per-sub-unit roll-up: each rate with its headcount, each row drilling down; in tree order, never
 * ranked. Plain links rather than next/link: a table of them is rendered on every dashboard request,
 * and next/link's client component costs far more per link to render than an <a>.
 */
export function SubUnitTable({ dashboard, hrefForUnit }: Props) {
  const rows = [
    ...(dashboard.direct ? [{ key: "direct", name: `${dashboard.unit.name}（本级直属）`, href: null, figures: dashboard.direct }] : []),
    ...dashboard.subUnits.map((s) => ({ key: String(s.id), name: s.name, href: hrefForUnit(s.id), figures: s.figures })),
  ];
  if (rows.length === 0) return <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">没有下级单位。</p>;
  return (
    <TableScroll label="下级单位完成情况（可横向滚动）">
      <table className="report-table w-full min-w-[40rem] border-collapse text-base">
        <caption className="sr-only">下级单位完成情况，按单位顺序排列</caption>
        <thead>
          <tr>
            <th scope="col">单位</th>
            <th scope="col">应学人数</th>
            <th scope="col">已完成（完成率）</th>
            <th scope="col">进行中</th>
            <th scope="col">未开始</th>
            <th scope="col">已逾期</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">
                {row.href ? (
                  <a href={row.href} className="text-red-800 underline-offset-4 hover:underline">
                    {row.name}
                  </a>
                ) : (
                  row.name
                )}
              </th>
              <td>{row.figures.headcount}</td>
              <td>{formatShare(row.figures.completed, row.figures.headcount)}</td>
              <td>{row.figures.inProgress}</td>
              <td>{row.figures.notStarted}</td>
              <td>{row.figures.overdue === null ? "—" : row.figures.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
