import type { Metadata } from "next";
import { ImportForm } from "@/components/import/import-form";
import { ImportHelp } from "@/components/import/import-help";
import { requireAdmin } from "@/lib/auth/current-user";
import { ROLE_LABELS, getAssignableRoles } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "批量导入账号" };

export default async function ImportPage() {
  const user = await requireAdmin("/admin/import");
  const roleLabels = getAssignableRoles(user).map((role) => ROLE_LABELS[role]);
  return (
    <div className="max-w-3xl">
      <h1 className="mb-4 text-2xl font-bold">批量导入账号</h1>
      <ImportHelp roleLabels={roleLabels} scopeNote={user.role === "SYSTEM_ADMIN" ? "可导入到任何单位。" : "只能导入到您所在单位及其下级单位；单位管理员只能设在下级单位。"} />
      <ImportForm />
    </div>
  );
}
