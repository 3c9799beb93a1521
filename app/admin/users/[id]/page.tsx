import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccountDetails } from "@/components/admin/account-details";
import { AccountManagement } from "@/components/admin/account-management";
import { StatusMessage } from "@/components/admin/status-message";
import { toUnitOptions } from "@/components/admin/unit-options";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { requireAdmin } from "@/lib/auth/current-user";
import { canManageAccount, listRoleOptions } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/db-errors";
import { idParamSchema } from "@/lib/schemas/admin";
import { listUnitsInScope } from "@/lib/units";
import { getUserInScope } from "@/lib/users";

export const metadata: Metadata = { title: "账号详情" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UserPage({ params, searchParams }: Props) {
  const { id: rawId } = await params;
  const actor = await requireAdmin(`/admin/users/${encodeURIComponent(rawId)}`);
  const id = idParamSchema.safeParse(rawId);
  if (!id.success) notFound();
  // Out of scope and nonexistent look the same: 404.
  const user = await getUserInScope(actor, id.data).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const manageable = canManageAccount(actor, { id: user.id, role: user.role, unitPath: user.unit.path });
  const units = await listUnitsInScope(actor);
  // The unit's chain from the top of the actor's scope down (units above the scope stay hidden).
  const trail = user.unit.path.split("/").flatMap((part) => units.find((unit) => String(unit.id) === part)?.name ?? []).join(" › ");
  const saved = (await searchParams).done === "saved";
  return (
    <>
      <Breadcrumbs items={[{ label: "账号", href: "/admin/users" }, { label: `${user.name}（${user.account}）` }]} />
      <h1 className="mb-4 text-2xl font-bold">{manageable ? "编辑账号" : "账号详情"}：{user.name}</h1>
      <StatusMessage message={saved ? "账号已保存" : undefined} />
      <div className="grid max-w-3xl gap-6">
        <AccountDetails user={user} unitTrail={trail || user.unit.name} />
        {manageable ? (
          <AccountManagement
            user={user}
            unitOptions={toUnitOptions(units)}
            roleOptions={listRoleOptions(actor)}
          />
        ) : (
          <p className="rounded bg-stone-100 p-3 text-stone-800">
            {user.id === actor.id
              ? "这是您自己的账号，不能在这里修改。修改密码请到“修改密码”页面；姓名、单位或角色的调整请联系上级管理员。"
              : user.role === "SYSTEM_ADMIN"
                ? "系统管理员账号只能由系统管理员修改，这里仅供查看。"
                : "本单位的其他管理员账号只能由上级单位的管理员或系统管理员修改，这里仅供查看。"}
          </p>
        )}
      </div>
    </>
  );
}
