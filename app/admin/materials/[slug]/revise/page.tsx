import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { MaterialEditor } from "@/components/admin/materials/material-editor";
import { requireAdmin } from "@/lib/auth/current-user";
import { getManagedMaterialPageData } from "@/lib/materials/admin-view";
import { toEditableMaterial, withPreviewHtml } from "@/lib/materials/preview";
import { getPublishedMaterial } from "@/lib/materials/store";

export const metadata: Metadata = { title: "修订学习材料" };

type Props = { params: Promise<{ slug: string }> };

export default async function ReviseMaterialPage({ params }: Props) {
  const { slug } = await params;
  const user = await requireAdmin(`/admin/materials/${slug}/revise`);
  const { summary } = await getManagedMaterialPageData(user, slug);
  if (summary.status === "ARCHIVED") redirect(`/admin/materials/${slug}`);
  const view = await getPublishedMaterial(slug);
  if (!view) notFound();
  const current = withPreviewHtml(await toEditableMaterial(view));
  return (
    <>
      <Breadcrumbs items={[{ label: "学习材料管理", href: "/admin/materials" }, { label: summary.title, href: `/admin/materials/${slug}` }, { label: "修订" }]} />
      <h1 className="mb-4 text-2xl font-bold break-words">修订：{summary.title}</h1>
      <p className="mb-4 text-stone-700">发布修订前会列出每一节新增、修改和删除的段落。已完成学习的读者会看到“本节内容已更新”，笔记会尽量对应到新的段落。</p>
      <MaterialEditor mode={{ kind: "revise", slug, current, order: view.order }} />
    </>
  );
}
