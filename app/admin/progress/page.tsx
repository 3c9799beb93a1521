import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { QueryNotice } from "@/components/admin/status-message";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { CompletionOverTimeChart } from "@/components/charts/completion-over-time";
import { SectionFunnelChart } from "@/components/charts/section-funnel";
import { StaticChart } from "@/components/charts/static-markup";
import { UnitComparisonChart } from "@/components/charts/unit-comparison";
import { CountingRule, FigureCards } from "@/components/reports/figures";
import { ReminderButton } from "@/components/reports/reminder-button";
import { MaterialSwitcher } from "@/components/reports/report-switcher";
import { SubUnitTable } from "@/components/reports/sub-unit-table";
import { requireAdmin } from "@/lib/auth/current-user";
import { getAdminScope } from "@/lib/auth/permissions";
import { listReportableMaterials } from "@/lib/content";
import { getDashboard } from "@/lib/reports/dashboard";
import { getQuizBank } from "@/lib/quiz";
import { dashboardHref, exportHref, hoursExportHref, itemAnalysisHref, peopleHref, reminderHref } from "@/lib/reports/links";
import { getDefaultReportUnitId } from "@/lib/reports/scope";
import { parseQueryParams } from "@/lib/schemas/admin";
import { dashboardQueryShape } from "@/lib/schemas/reports";

export const metadata: Metadata = { title: "学习情况" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const shortTitle = (title: string) => title.split(" · ")[0] ?? title;

export default async function ProgressDashboardPage({ searchParams }: Props) {
  const user = await requireAdmin("/admin/progress");
  const { data, invalid } = parseQueryParams(dashboardQueryShape, await searchParams);
  const materials = (await listReportableMaterials(getAdminScope(user) ?? "")).map((m) => ({ slug: m.slug, title: m.access.status === "ARCHIVED" ? `${m.title}（已归档）` : m.title }));
  const unitId = data.unit ?? (await getDefaultReportUnitId(user));
  const material = data.material ?? materials[0]?.slug;
  // A unit outside the administrator's scope gets the same answer as one that does not exist.
  const dashboard = unitId && material ? await getDashboard(user, unitId, material) : null;
  if (!dashboard) notFound();
  const { unit, figures, assignment } = dashboard;
  const view = { unit: unit.id, material: dashboard.material.slug };
  return (
    <>
      <Breadcrumbs items={dashboard.breadcrumbs.map((b, i, all) => ({ label: b.name, href: i < all.length - 1 ? dashboardHref(b.id, view.material) : undefined }))} />
      <h1 className="mb-1 text-2xl font-bold">{unit.name} · 学习情况</h1>
      <p className="mb-4 text-stone-700">
        《{dashboard.material.title}》，统计本单位及全部下级单位的在册学员（不含管理员和已停用账号）。
        {assignment ? `学习任务由${assignment.unitName}布置：${assignment.startDate} 至 ${assignment.dueDate}${assignment.requirePass ? "，需通过测试" : ""}。` : "本单位尚未布置这份材料的学习任务。"}
      </p>
      <QueryNotice message={invalid.length ? "地址中的部分参数无效，已忽略。" : undefined} />
      <MaterialSwitcher action="/admin/progress" unitId={unit.id} material={view.material} materials={materials} />
      <section aria-labelledby="headline" className="mb-8">
        <h2 id="headline" className="mb-3 text-lg font-bold">
          总体情况（截至 {dashboard.today}）
        </h2>
        <FigureCards figures={figures} />
        <CountingRule sectionCount={dashboard.sections.length} requirePass={assignment?.requirePass ?? false} />
        <ul className="mt-4 flex flex-wrap gap-4 print:hidden">
          <li>
            <Link href={peopleHref(view)} className="font-medium text-red-800 underline-offset-4 hover:underline">
              查看人员明细
            </Link>
          </li>
          {getQuizBank(view.material) && (
            <li>
              <Link href={itemAnalysisHref(view.unit, view.material)} className="font-medium text-red-800 underline-offset-4 hover:underline">
                自测题分析
              </Link>
            </li>
          )}
          <li>
            <a href={exportHref("xlsx", "rollup", view)} className="font-medium text-red-800 underline-offset-4 hover:underline">
              导出 Excel（汇总与人员明细）
            </a>
          </li>
          <li>
            <a href={exportHref("csv", "rollup", view)} className="font-medium text-red-800 underline-offset-4 hover:underline">
              导出 CSV（汇总）
            </a>
          </li>
          <li>
            导出年度学时统计（本单位及下级单位，按人按年）：
            <a href={hoursExportHref("xlsx", unit.id)} className="font-medium text-red-800 underline underline-offset-4">
              Excel
              <span className="sr-only">（年度学时统计）</span>
            </a>
            {" · "}
            <a href={hoursExportHref("csv", unit.id)} className="font-medium text-red-800 underline underline-offset-4">
              CSV
              <span className="sr-only">（年度学时统计）</span>
            </a>
          </li>
        </ul>
        {assignment && figures.headcount > figures.completed ? (
          <div className="mt-4 print:hidden">
            <ReminderButton href={reminderHref(assignment.id, { unit: unit.id })} pendingCount={figures.headcount - figures.completed} />
          </div>
        ) : null}
      </section>
      <section aria-labelledby="subunits" className="mb-8">
        <h2 id="subunits" className="mb-3 text-lg font-bold">
          下级单位
        </h2>
        <SubUnitTable dashboard={dashboard} hrefForUnit={(id) => dashboardHref(id, view.material)} />
      </section>
      <section aria-labelledby="charts" className="mb-8 grid gap-8 lg:grid-cols-2">
        <h2 id="charts" className="sr-only">
          图表
        </h2>
        <StaticChart
          name="timeline"
          component={CompletionOverTimeChart}
          props={{ title: "完成人数变化", points: dashboard.timeline, headcount: figures.headcount, dueDate: assignment?.dueDate ?? null }}
        />
        <StaticChart
          name="funnel"
          component={SectionFunnelChart}
          props={{
            title: "各小节完成情况",
            headcount: figures.headcount,
            bars: dashboard.sections.map((s) => ({ label: shortTitle(s.title), completed: s.completed, started: s.started })),
          }}
        />
        {dashboard.subUnits.length > 0 ? (
          <StaticChart
            name="units"
            component={UnitComparisonChart}
            props={{ title: "下级单位完成率", bars: dashboard.subUnits.map((s) => ({ label: s.name, completed: s.figures.completed, headcount: s.figures.headcount })) }}
          />
        ) : null}
      </section>
    </>
  );
}
