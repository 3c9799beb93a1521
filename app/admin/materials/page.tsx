import type { Metadata } from "next";
import Link from "next/link";
import { MaterialsTable } from "@/components/admin/materials/materials-table";
import { requireAdmin } from "@/lib/auth/current-user";
import { listMaterialsFor } from "@/lib/materials/store";

export const metadata: Metadata = { title: "学习材料管理" };

export default async function MaterialsAdminPage() {
  const user = await requireAdmin("/admin/materials");
  const materials = (await listMaterialsFor(user)).filter((material) => material.canManage);
  return (
    <>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold">学习材料管理</h1>
        <Link href="/admin/materials/new" className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
          发布新材料
        </Link>
      </div>
      <p className="mb-4 text-stone-700">
        在这里发布的学习材料无需重新部署，发布后即可阅读和布置。
        {user.role === "SYSTEM_ADMIN" ? "" : "您可以为本单位及下级单位发布材料。"}
        随系统一同部署的内置材料不在此列。
      </p>
      {materials.length ? (
        <MaterialsTable materials={materials} />
      ) : (
        <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">还没有在网页上发布的学习材料。</p>
      )}
    </>
  );
}
