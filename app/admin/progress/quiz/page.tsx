import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { QueryNotice } from "@/components/admin/status-message";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { ItemAnalysisList } from "@/components/quiz/item-analysis-list";
import { MaterialSwitcher } from "@/components/reports/report-switcher";
import { requireAdmin } from "@/lib/auth/current-user";
import { getQuestionHref } from "@/lib/quiz";
import { getItemAnalysis, listItemAnalysisMaterials, MIN_READERS_FOR_ITEM_ANALYSIS } from "@/lib/quiz/item-analysis";
import { dashboardHref, itemAnalysisHref } from "@/lib/reports/links";
import { getDefaultReportUnitId } from "@/lib/reports/scope";
import { parseQueryParams } from "@/lib/schemas/admin";
import { dashboardQueryShape } from "@/lib/schemas/reports";

export const metadata: Metadata = { title: "自测题分析" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ItemAnalysisPage({ searchParams }: Props) {
  const user = await requireAdmin("/admin/progress/quiz");
  const { data, invalid } = parseQueryParams(dashboardQueryShape, await searchParams);
  const materials = await listItemAnalysisMaterials(user);
  const unitId = data.unit ?? (await getDefaultReportUnitId(user));
  const material = data.material ?? materials[0]?.slug;
  // A unit outside the administrator's scope gets the same answer as one that does not exist.
  const analysis = unitId && material ? await getItemAnalysis(user, unitId, material) : null;
  if (!analysis) notFound();
  const { unit } = analysis;
  const slug = analysis.material.slug;
  return (
    <>
      <Breadcrumbs items={analysis.breadcrumbs.map((b, i, all) => ({ label: b.name, href: i < all.length - 1 ? itemAnalysisHref(b.id, slug) : undefined }))} />
      <h1 className="mb-1 text-2xl font-bold">{unit.name} · 自测题分析</h1>
      <p className="mb-4 leading-relaxed text-stone-700">
        《{analysis.material.title}》，统计本单位及全部下级单位在册学员已交卷的全部测试（每次交卷都计入）。只显示每道题的总体情况，不显示任何个人的答题。
      </p>
      <QueryNotice message={invalid.length ? "地址中的部分参数无效，已忽略。" : undefined} />
      <MaterialSwitcher action="/admin/progress/quiz" unitId={unit.id} material={slug} materials={materials} />
      <p className="mb-4">
        <Link href={dashboardHref(unit.id, slug)} className="font-medium text-red-800 underline-offset-4 hover:underline">
          返回学习情况
        </Link>
      </p>
      {analysis.subUnits.length > 0 && (
        <nav aria-labelledby="subunits" className="mb-6">
          <h2 id="subunits" className="mb-2 text-lg font-bold">
            查看下级单位
          </h2>
          <ul className="flex flex-wrap gap-x-4 gap-y-2">
            {analysis.subUnits.map((s) => (
              <li key={s.id}>
                <Link href={itemAnalysisHref(s.id, slug)} className="text-red-800 underline underline-offset-2">
                  {s.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <section aria-labelledby="items">
        <h2 id="items" className="mb-1 text-lg font-bold">
          各题答题情况
        </h2>
        <p className="mb-4 text-stone-700">
          共 {analysis.attempts} 次交卷，来自 {analysis.readers} 名学员。答对率低的题目和最常选的错误选项，可作为集中学习时重点讲解的内容。
        </p>
        {analysis.questions ? (
          <ItemAnalysisList questions={analysis.questions} hrefFor={(q) => getQuestionHref(slug, { section: q.section, paragraphId: q.paragraphId ?? "", quote: q.quote })} />
        ) : (
          <p role="status" className="rounded-lg border border-stone-200 bg-white p-4">
            参加测试的学员少于 {MIN_READERS_FOR_ITEM_ANALYSIS} 人，为避免从统计中看出个人的答题情况，暂不显示各题统计。
          </p>
        )}
      </section>
    </>
  );
}
