import type { Metadata } from "next";
import { ReflectionsTable } from "@/components/admin/reflections-table";
import { requireAdmin } from "@/lib/auth/current-user";
import { listSubmittedReflectionsInScope, SUBMITTED_PAGE_LIMIT } from "@/lib/notes/reflections";

export const metadata: Metadata = { title: "学习心得" };

export default async function ReflectionsPage() {
  const user = await requireAdmin("/admin/reflections");
  const rows = await listSubmittedReflectionsInScope(user);
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">学习心得</h1>
      <p className="mb-4 max-w-3xl text-stone-700">
        {user.role === "SYSTEM_ADMIN" ? "全部单位" : "本单位及下级单位"}学员主动提交的心得（显示提交时的内容）。打开一篇可以点评或退回修改，学员会看到点评和退回理由。学员的笔记和未提交的修改仅本人可见，管理员无法查看。
      </p>
      {rows.length ? (
        <>
          <ReflectionsTable rows={rows} />
          {rows.length >= SUBMITTED_PAGE_LIMIT && <p className="mt-2 text-sm text-stone-600">只显示最近提交的 {SUBMITTED_PAGE_LIMIT} 篇。</p>}
        </>
      ) : (
        <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">还没有学员提交心得。</p>
      )}
    </>
  );
}
