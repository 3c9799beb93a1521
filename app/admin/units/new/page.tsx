import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { UnitForm } from "@/components/admin/unit-form";
import { toUnitOptions } from "@/components/admin/unit-options";
import { requireSystemAdmin } from "@/lib/auth/current-user";
import { newUnitQueryShape, parseQueryParams } from "@/lib/schemas/admin";
import { listUnitsInScope } from "@/lib/units";
import { createUnitAction } from "../actions";

export const metadata: Metadata = { title: "新建单位" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewUnitPage({ searchParams }: Props) {
  const user = await requireSystemAdmin("/admin/units/new");
  const { data } = parseQueryParams(newUnitQueryShape, await searchParams);
  const units = await listUnitsInScope(user);
  // An unknown ?parent= is ignored: the form then starts with a top-level unit.
  const parent = units.find((unit) => unit.id === data.parent);
  return (
    <>
      <Breadcrumbs items={[{ label: "单位", href: "/admin/units" }, { label: "新建单位" }]} />
      <h1 className="mb-4 text-2xl font-bold">{parent ? `在“${parent.name}”下新建单位` : "新建单位"}</h1>
      <UnitForm
        action={createUnitAction}
        parentOptions={toUnitOptions(units)}
        initial={{ name: "", code: "", parentId: parent ? String(parent.id) : "" }}
        submitLabel="创建单位"
      />
    </>
  );
}
