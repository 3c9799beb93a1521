import type { Metadata } from "next";
import Link from "next/link";
import { StatusMessage } from "@/components/admin/status-message";
import { UnitTree } from "@/components/admin/unit-tree";
import { requireAdmin } from "@/lib/auth/current-user";
import { buildUnitTree, listUnitsInScope } from "@/lib/units";

export const metadata: Metadata = { title: "单位管理" };

const DONE_MESSAGES = new Map([
  ["created", "单位已创建"],
  ["updated", "单位已保存"],
]);

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UnitsPage({ searchParams }: Props) {
  const user = await requireAdmin("/admin/units");
  const done = (await searchParams).done;
  const roots = buildUnitTree(await listUnitsInScope(user));
  const isSystemAdmin = user.role === "SYSTEM_ADMIN";
  return (
    <>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold">单位</h1>
        {isSystemAdmin ? (
          <Link href="/admin/units/new" className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
            新建顶级单位
          </Link>
        ) : null}
      </div>
      <StatusMessage message={typeof done === "string" ? DONE_MESSAGES.get(done) : undefined} />
      <p className="mb-4 text-stone-700">
        {isSystemAdmin
          ? "单位按上下级排列。移动单位时，它的所有下级单位随之移动。"
          : "这是您管理的单位及其下级单位。单位的新建和调整由系统管理员负责。"}
      </p>
      {roots.length ? (
        <UnitTree roots={roots} canEdit={isSystemAdmin} label="单位树" />
      ) : (
        <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">还没有单位。{isSystemAdmin ? "请先新建顶级单位。" : ""}</p>
      )}
    </>
  );
}
