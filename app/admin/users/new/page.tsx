import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { NewUserForm } from "@/components/admin/new-user-form";
import { toUnitOptions } from "@/components/admin/unit-options";
import { requireAdmin } from "@/lib/auth/current-user";
import { listRoleOptions } from "@/lib/auth/permissions";
import { idParamSchema } from "@/lib/schemas/admin";
import { listUnitsInScope } from "@/lib/units";

export const metadata: Metadata = { title: "新建账号" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewUserPage({ searchParams }: Props) {
  const user = await requireAdmin("/admin/users/new");
  const rawUnit = (await searchParams).unit;
  const unitId = idParamSchema.safeParse(typeof rawUnit === "string" ? rawUnit : "");
  const units = await listUnitsInScope(user);
  const preselected = unitId.success ? units.find((unit) => unit.id === unitId.data) : undefined;
  return (
    <>
      <Breadcrumbs items={[{ label: "账号", href: "/admin/users" }, { label: "新建账号" }]} />
      <h1 className="mb-2 text-2xl font-bold">新建账号</h1>
      <p className="mb-6 max-w-xl text-stone-700">系统会为新账号生成一次性密码，只显示一次。本人首次登录时必须设置自己的密码。</p>
      <NewUserForm
        unitOptions={toUnitOptions(units)}
        roleOptions={listRoleOptions(user)}
        defaultUnitId={preselected ? String(preselected.id) : undefined}
      />
    </>
  );
}
