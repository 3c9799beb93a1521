import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmActionForm } from "@/components/admin/confirm-action-form";
import { StatusMessage } from "@/components/admin/status-message";
import { TableScroll, tdClass, thClass } from "@/components/admin/table-scroll";
import { toUnitOptions } from "@/components/admin/unit-options";
import { AssignmentForm } from "@/components/reports/assignment-form";
import { AttemptLimitForm } from "@/components/reports/attempt-limit-form";
import { RequirePassForm } from "@/components/reports/require-pass-form";
import { listAssignableMaterials, listAssignments } from "@/lib/assignments";
import { requireAdmin } from "@/lib/auth/current-user";
import { dashboardHref } from "@/lib/reports/links";
import { getChinaDay } from "@/lib/china-time";
import { listUnitsInScope } from "@/lib/units";
import { createAssignmentAction, deleteAssignmentAction, updateAttemptLimitAction, updateRequirePassAction } from "./actions";

export const metadata: Metadata = { title: "学习任务" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const DONE: Record<string, string> = {
  created: "学习任务已布置。",
  deleted: "学习任务已撤销。",
  limit: "测试次数上限已保存。",
  "require-pass": "已改为需通过测试：读完全部章节并通过自测才算完成。",
  "read-only": "已取消需通过测试：读完全部章节即算完成。",
};

export default async function AssignmentsPage({ searchParams }: Props) {
  const user = await requireAdmin("/admin/assignments");
  const done = (await searchParams).done;
  const [assignments, units] = await Promise.all([listAssignments(user), listUnitsInScope(user)]);
  const today = getChinaDay();
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">学习任务</h1>
      <StatusMessage message={typeof done === "string" ? DONE[done] : undefined} />
      <section aria-labelledby="list" className="mb-10">
        <h2 id="list" className="mb-3 text-lg font-bold">
          已布置的任务
        </h2>
        {assignments.length === 0 ? (
          <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">还没有布置学习任务。</p>
        ) : (
          <TableScroll label="学习任务列表（可横向滚动）">
            <table className="w-full min-w-[50rem] border-collapse text-base">
              <caption className="sr-only">学习任务列表</caption>
              <thead>
                <tr>
                  <th scope="col" className={thClass}>学习材料</th>
                  <th scope="col" className={thClass}>布置给</th>
                  <th scope="col" className={thClass}>开始</th>
                  <th scope="col" className={thClass}>截止</th>
                  <th scope="col" className={thClass}>测试要求</th>
                  <th scope="col" className={thClass}>操作</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className={`${tdClass} text-left font-medium`}>
                      {a.materialTitle}
                      {a.closed ? <span className="block text-sm font-normal text-stone-600">材料已归档，任务已关闭</span> : null}
                    </th>
                    <td className={tdClass}>
                      {a.unitName}
                      {a.editable ? "" : "（上级布置）"}
                    </td>
                    <td className={`${tdClass} whitespace-nowrap`}>{a.startDate}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>
                      {a.dueDate}
                      {today > a.dueDate ? "（已截止）" : ""}
                    </td>
                    <td className={`${tdClass} whitespace-nowrap`}>
                      {a.requirePass ? <span className="block font-medium text-stone-900">需通过测试</span> : null}
                      {a.maxAttempts === null ? "测试次数不限" : `最多测试 ${a.maxAttempts} 次`}
                    </td>
                    <td className={`${tdClass} space-y-2`}>
                      <Link href={dashboardHref(a.editable ? a.unitId : user.unitId, a.materialSlug)} className="text-red-800 underline-offset-4 hover:underline">
                        查看完成情况
                      </Link>
                      {a.editable ? (
                        <details>
                          <summary className="cursor-pointer text-red-800">修改测试次数上限</summary>
                          <div className="mt-2">
                            <AttemptLimitForm action={updateAttemptLimitAction.bind(null, a.id)} assignmentId={a.id} maxAttempts={a.maxAttempts} />
                          </div>
                        </details>
                      ) : null}
                      {a.editable ? (
                        <details>
                          <summary className="cursor-pointer text-red-800">{a.requirePass ? "取消需通过测试" : "设为需通过测试"}</summary>
                          <div className="mt-2">
                            <RequirePassForm action={updateRequirePassAction.bind(null, a.id)} requirePass={a.requirePass} />
                          </div>
                        </details>
                      ) : null}
                      {a.editable ? (
                        <details>
                          <summary className="cursor-pointer text-red-800">撤销</summary>
                          <div className="mt-2">
                            <ConfirmActionForm
                              action={deleteAssignmentAction.bind(null, a.id)}
                              confirmLabel="确认撤销这项学习任务（学员的学习记录不受影响，已发送的提醒将一并删除）"
                              submitLabel="撤销任务"
                              pendingLabel="正在撤销…"
                            />
                          </div>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="new">
        <h2 id="new" className="mb-3 text-lg font-bold">
          布置新任务
        </h2>
        <AssignmentForm
          action={createAssignmentAction}
          materialOptions={(await listAssignableMaterials(user)).map((m) => ({ value: m.slug, label: m.title }))}
          unitOptions={toUnitOptions(units)}
          today={today}
        />
      </section>
    </>
  );
}
