import Link from "next/link";
import { formatChinaTime } from "@/lib/china-time";
import type { SubmittedReflection } from "@/lib/notes/reflections";
import { REVIEW_STATE_LABELS } from "@/lib/notes/rules";
import { TableScroll, tdClass, thClass } from "./table-scroll";

/** Submitted 心得 in the administrator's scope: who, what on, when, review state; the text is on the detail page. */
export function ReflectionsTable({ rows }: { rows: SubmittedReflection[] }) {
  return (
    <TableScroll label="已提交的心得">
      <table className="w-full border-collapse text-base">
        <caption className="sr-only">已提交的心得</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>提交人</th>
            {/* Second, so that a phone shows who and where it stands without scrolling sideways. */}
            <th scope="col" className={thClass}>状态</th>
            <th scope="col" className={thClass}>单位</th>
            <th scope="col" className={thClass}>学习材料 · 章节</th>
            <th scope="col" className={thClass}>提交时间</th>
            <th scope="col" className={thClass}>字数</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className={tdClass}>
                <Link href={`/admin/reflections/${row.id}`} className="font-medium text-red-900 underline underline-offset-4">
                  {row.author.name}
                  <span className="sr-only">的心得：{row.sectionTitle ?? row.materialTitle}</span>
                </Link>
                <span className="ml-1 text-sm text-stone-600">（{row.author.account}）</span>
              </td>
              <td className={`${tdClass} whitespace-nowrap`}>
                <span className={row.review.state === "RETURNED" ? "font-medium text-amber-900" : row.review.state === "RESUBMITTED" ? "font-medium text-green-900" : undefined}>
                  {REVIEW_STATE_LABELS[row.review.state ?? "SUBMITTED"]}
                </span>
                {row.review.comments.length > 0 && <span className="ml-1 text-sm text-stone-600">· 点评 {row.review.comments.length}</span>}
              </td>
              <td className={tdClass}>{row.author.unitName}</td>
              <td className={tdClass}>
                {row.materialTitle}
                {row.sectionTitle ? ` · ${row.sectionTitle}` : "（全文）"}
              </td>
              <td className={`${tdClass} whitespace-nowrap`}>{formatChinaTime(row.submittedAt)}</td>
              <td className={tdClass}>{row.submittedBody.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
