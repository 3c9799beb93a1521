import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { ConfirmActionForm } from "@/components/admin/confirm-action-form";
import { RevisionsList } from "@/components/admin/materials/revisions-list";
import { STATUS_LABELS, audienceLabel } from "@/components/admin/materials/materials-table";
import { StatusMessage } from "@/components/admin/status-message";
import { requireAdmin } from "@/lib/auth/current-user";
import { formatChinaDateTime } from "@/lib/china-time";
import { getManagedMaterialPageData } from "@/lib/materials/admin-view";
import { archiveMaterialAction } from "./actions";

export const metadata: Metadata = { title: "学习材料" };

const DONE = new Map([
  ["published", "学习材料已发布"],
  ["revised", "修订已发布"],
  ["unchanged", "内容没有变化，未生成新的修订"],
  ["archived", "学习材料已归档"],
]);

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MaterialAdminPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const user = await requireAdmin(`/admin/materials/${slug}`);
  const { summary, revisions } = await getManagedMaterialPageData(user, slug);
  const done = (await searchParams).done;
  const archived = summary.status === "ARCHIVED";
  return (
    <>
      <Breadcrumbs items={[{ label: "学习材料管理", href: "/admin/materials" }, { label: summary.title }]} />
      <h1 className="mb-4 text-2xl font-bold break-words">{summary.title}</h1>
      <StatusMessage message={typeof done === "string" ? DONE.get(done) : undefined} />
      <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded border border-stone-200 bg-white p-4">
        <dt className="text-stone-600">状态</dt>
        <dd>{STATUS_LABELS[summary.status]}</dd>
        <dt className="text-stone-600">网址</dt>
        <dd className="font-mono break-all">/materials/{summary.slug}</dd>
        <dt className="text-stone-600">阅读范围</dt>
        <dd>{audienceLabel(summary.audienceUnitName)}</dd>
        <dt className="text-stone-600">简介</dt>
        <dd className="break-words">{summary.description}</dd>
        <dt className="text-stone-600">当前版本</dt>
        <dd>第 {summary.revision} 版，更新于 {formatChinaDateTime(summary.updatedAt)}</dd>
      </dl>
      <div className="mb-6 flex flex-wrap gap-3">
        {archived ? null : (
          <Link href={`/admin/materials/${summary.slug}/revise`} className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
            修订
          </Link>
        )}
        <Link href={`/admin/materials/${summary.slug}/quiz`} className="rounded border border-stone-400 bg-white px-4 py-2 font-medium text-stone-800 hover:bg-stone-100">
          自测题
        </Link>
        <a href={`/api/admin/materials/${summary.slug}/download`} download className="rounded border border-stone-400 bg-white px-4 py-2 font-medium text-stone-800 hover:bg-stone-100">
          下载 content/ 文件夹（zip）
        </a>
      </div>
      <h2 className="mb-2 text-xl font-bold">修订记录</h2>
      <RevisionsList revisions={revisions} />
      {archived ? null : (
        <section aria-labelledby="archive-title" className="mt-8 max-w-xl rounded border border-stone-200 bg-white p-4">
          <h2 id="archive-title" className="mb-2 text-xl font-bold">归档</h2>
          <p className="mb-3 text-stone-700">归档后读者看不到这份材料，搜索也找不到；相关学习任务随之结束。已有的学习进度、笔记和统计都会保留，仍可导出。归档后不能再修订。</p>
          <ConfirmActionForm action={archiveMaterialAction.bind(null, summary.slug)} confirmLabel="我确认要归档这份学习材料" submitLabel="归档" pendingLabel="正在归档…" />
        </section>
      )}
    </>
  );
}
