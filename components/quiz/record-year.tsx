import Link from "next/link";
import { formatChinaDate } from "@/lib/china-time";
import type { RecordEntry, RecordYear } from "@/lib/quiz/record";
import { certificateHref, materialHref, testHref } from "@/lib/routes";

function formatHours(hours: number): string {
  return hours.toLocaleString("zh-CN", { maximumFractionDigits: 1 });
}

function Score({ entry }: { entry: RecordEntry }) {
  if (!entry.best) return <span className="text-stone-600">未测试</span>;
  return (
    <Link href={testHref(entry.materialSlug)} className="text-red-800 underline underline-offset-2">
      {Math.round((entry.best.correct / Math.max(1, entry.best.total)) * 100)} 分{entry.best.passed ? "（通过）" : "（未通过）"}
    </Link>
  );
}

/** One year of the 学习档案: each completed material, and the year's total 学时. */
export function RecordYearTable({ year }: { year: RecordYear }) {
  const headingId = `year-${year.year}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="mb-3 text-xl font-bold">
        {year.year} 年 · 共 {formatHours(year.hours)} 学时
      </h2>
      {/* A phone gets one card per material (four columns do not fit); wider screens the table. */}
      <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white sm:hidden">
        {year.entries.map((entry) => (
          <li key={entry.materialSlug} className="space-y-1 px-4 py-3">
            <Link href={materialHref(entry.materialSlug)} className="font-medium text-red-800 underline underline-offset-2">
              {entry.title}
            </Link>
            <p className="text-stone-700">
              {formatChinaDate(entry.completedAt)}完成 · {formatHours(entry.hours)} 学时
            </p>
            <p>
              自测成绩：<Score entry={entry} />
            </p>
            <p>
              <Link href={certificateHref(entry.materialSlug)} className="text-red-800 underline underline-offset-2">
                结业证明
              </Link>
            </p>
          </li>
        ))}
        <li className="px-4 py-3 text-right font-medium">
          {year.year} 年合计 {formatHours(year.hours)} 学时
        </li>
      </ul>
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white max-sm:hidden">
        <table className="w-full text-left">
          <caption className="sr-only">{year.year} 年学完的材料</caption>
          <thead className="bg-stone-100 text-sm text-stone-700">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">材料</th>
              <th scope="col" className="whitespace-nowrap px-4 py-2 font-medium">完成日期</th>
              <th scope="col" className="whitespace-nowrap px-4 py-2 font-medium">自测成绩</th>
              <th scope="col" className="whitespace-nowrap px-4 py-2 text-right font-medium">学时</th>
              <th scope="col" className="whitespace-nowrap px-4 py-2 font-medium">结业证明</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-200">
            {year.entries.map((entry) => (
              <tr key={entry.materialSlug}>
                <td className="px-4 py-3">
                  <Link href={materialHref(entry.materialSlug)} className="text-red-800 underline underline-offset-2">
                    {entry.title}
                  </Link>
                </td>
                <td className="whitespace-nowrap px-4 py-3">{formatChinaDate(entry.completedAt)}</td>
                <td className="whitespace-nowrap px-4 py-3">
                  <Score entry={entry} />
                </td>
                <td className="whitespace-nowrap px-4 py-3 text-right">{formatHours(entry.hours)}</td>
                <td className="whitespace-nowrap px-4 py-3">
                  <Link href={certificateHref(entry.materialSlug)} className="text-red-800 underline underline-offset-2">
                    查看并打印<span className="sr-only">《{entry.title}》结业证明</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-stone-300 font-medium">
              <th scope="row" colSpan={3} className="px-4 py-2 text-right">
                {year.year} 年合计
              </th>
              <td className="whitespace-nowrap px-4 py-2 text-right">{formatHours(year.hours)} 学时</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
