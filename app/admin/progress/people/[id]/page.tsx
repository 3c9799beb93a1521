import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MaterialProgressCard } from "@/components/progress/my-progress";
import { requireAdmin } from "@/lib/auth/current-user";
import { formatChinaTime } from "@/lib/china-time";
import { listSubmittedReflectionsOf } from "@/lib/notes/reflections";
import { REVIEW_STATE_LABELS } from "@/lib/notes/rules";
import { getAdminScope } from "@/lib/auth/permissions";
import { listReportableMaterials } from "@/lib/content";
import { dashboardHref, peopleHref } from "@/lib/reports/links";
import { getPersonReport } from "@/lib/reports/people";
import { idParamSchema, parseQueryParams } from "@/lib/schemas/admin";
import { dashboardQueryShape } from "@/lib/schemas/reports";

export const metadata: Metadata = { title: "学员学习情况" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const { material: materialSchema } = dashboardQueryShape;

export default async function PersonPage({ params, searchParams }: Props) {
  const user = await requireAdmin("/admin/progress");
  const id = idParamSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const { data } = parseQueryParams({ material: materialSchema }, await searchParams);
  const material = data.material ?? (await listReportableMaterials(getAdminScope(user) ?? ""))[0]?.slug;
  // Someone outside the administrator's scope, an administrator account or a missing id: the same not-found.
  const report = material ? await getPersonReport(user, id.data, material) : null;
  if (!report) notFound();
  const { person, unit, assignment, progress } = report;
  const reflections = await listSubmittedReflectionsOf(user, person.id);
  return (
    <>
      <p className="mb-2 flex flex-wrap gap-4 text-sm print:hidden">
        <Link href={peopleHref({ unit: unit.id, material: progress.materialSlug })} className="text-red-800 underline-offset-4 hover:underline">
          ‹ {unit.name}人员明细
        </Link>
        <Link href={dashboardHref(unit.id, progress.materialSlug)} className="text-red-800 underline-offset-4 hover:underline">
          {unit.name}学习情况
        </Link>
      </p>
      <h1 className="mb-1 text-2xl font-bold">
        {person.name}
        <span className="ml-2 font-mono text-base font-normal text-stone-600">{person.account}</span>
      </h1>
      <p className="mb-4 text-stone-700">
        {person.unitName}
        {person.disabled ? "（账号已停用，不计入统计）" : ""}
        {assignment ? ` · 截止日期 ${assignment.dueDate}` : ""}
      </p>
      <MaterialProgressCard progress={{ ...progress, continueHref: null }} />
      <p className="mt-4 max-w-3xl text-sm text-stone-600">
        这是学员本人在“我的学习”中看到的同一份记录：每节的阅读进度、有效阅读分钟数和完成时间。学员的个人笔记不对管理员开放。
      </p>
      <section aria-labelledby="reflections" className="mt-8 max-w-3xl">
        <h2 id="reflections" className="mb-3 text-lg font-bold">
          已提交的学习心得
        </h2>
        {reflections.length === 0 ? (
          <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">尚未提交学习心得。</p>
        ) : (
          <ul className="space-y-4">
            {reflections.map((r) => (
              <li key={r.id} className="rounded border border-stone-200 bg-white p-4">
                <p className="mb-2 text-sm text-stone-600">
                  {r.sectionTitle ? `${r.materialTitle} · ${r.sectionTitle}` : `${r.materialTitle}（全文）`} · 提交于 {formatChinaTime(r.submittedAt)} · {r.submittedBody.length} 字 ·{" "}
                  {REVIEW_STATE_LABELS[r.review.state ?? "SUBMITTED"]} ·{" "}
                  <Link href={`/admin/reflections/${r.id}`} className="text-red-800 underline underline-offset-4">
                    {r.canReview ? "点评或退回" : "查看点评"}
                  </Link>
                </p>
                {/* Reader text as a React text node: shown, never run. */}
                <div className="whitespace-pre-wrap break-words leading-relaxed">{r.submittedBody}</div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
