import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { UnitForm } from "@/components/admin/unit-form";
import { toUnitOptions } from "@/components/admin/unit-options";
import { requireSystemAdmin } from "@/lib/auth/current-user";
import { NotFoundError } from "@/lib/db-errors";
import { idParamSchema } from "@/lib/schemas/admin";
import { getUnitInScope, listUnitsInScope } from "@/lib/units";
import { updateUnitAction } from "../../actions";

export const metadata: Metadata = { title: "编辑单位" };

type Props = { params: Promise<{ id: string }> };

export default async function EditUnitPage({ params }: Props) {
  const { id: rawId } = await params;
  const user = await requireSystemAdmin(`/admin/units/${encodeURIComponent(rawId)}/edit`);
  const id = idParamSchema.safeParse(rawId);
  if (!id.success) notFound();
  const unit = await getUnitInScope(user, id.data).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const units = await listUnitsInScope(user);
  return (
    <>
      <Breadcrumbs items={[{ label: "单位", href: "/admin/units" }, { label: `编辑：${unit.name}` }]} />
      <h1 className="mb-4 text-2xl font-bold">编辑单位：{unit.name}</h1>
      <UnitForm
        action={updateUnitAction.bind(null, unit.id)}
        parentOptions={toUnitOptions(units, { excludePath: unit.path })}
        initial={{ name: unit.name, code: unit.code, parentId: unit.parentId === null ? "" : String(unit.parentId) }}
        submitLabel="保存"
        parentHint="更换上级单位即移动本单位，它的所有下级单位随之移动；不能移到它自己的下级单位之下。"
      />
    </>
  );
}
