import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { toUnitOptions } from "@/components/admin/unit-options";
import { MaterialEditor } from "@/components/admin/materials/material-editor";
import { requireAdmin } from "@/lib/auth/current-user";
import { listUnitsInScope } from "@/lib/units";

export const metadata: Metadata = { title: "发布新材料" };

export default async function NewMaterialPage() {
  const user = await requireAdmin("/admin/materials/new");
  const units = await listUnitsInScope(user);
  // Only a system administrator may publish for the whole portal (canManageMaterialFor checks it again).
  const audienceOptions = [...(user.role === "SYSTEM_ADMIN" ? [{ value: "all", label: "全体（所有人可读）" }] : []), ...(units.length ? toUnitOptions(units) : [])];
  return (
    <>
      <Breadcrumbs items={[{ label: "学习材料管理", href: "/admin/materials" }, { label: "发布新材料" }]} />
      <h1 className="mb-4 text-2xl font-bold">发布新材料</h1>
      <MaterialEditor mode={{ kind: "publish", audienceOptions }} />
    </>
  );
}
