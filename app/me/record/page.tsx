import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { RecordYearTable } from "@/components/quiz/record-year";
import { requireUser } from "@/lib/auth/current-user";
import { getMyRecord } from "@/lib/quiz/record";

export const metadata: Metadata = { title: "学习档案" };

export default async function MyRecordPage() {
  const user = await requireUser("/me/record");
  const years = await getMyRecord(user.id);
  return (
    <>
      <Breadcrumbs items={[{ label: "我的学习", href: "/me" }, { label: "学习档案" }]} />
      <h1 className="mb-2 text-2xl font-bold">学习档案</h1>
      <p className="mb-6 max-w-3xl leading-relaxed text-stone-700">
        按年度列出您已学完的学习材料（全部章节已完成），以及完成日期、自测最好成绩和学时。每份材料在学完的那一年计一次学时。
      </p>
      {years.length === 0 ? (
        <p className="rounded-lg bg-stone-100 p-5">
          还没有学完的材料。
          <Link href="/me" className="text-red-800 underline underline-offset-2">
            查看我的学习
          </Link>
        </p>
      ) : (
        <div className="space-y-8">
          {years.map((year) => (
            <RecordYearTable key={year.year} year={year} />
          ))}
        </div>
      )}
    </>
  );
}
