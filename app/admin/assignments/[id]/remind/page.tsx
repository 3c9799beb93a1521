import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Pagination } from "@/components/admin/pagination";
import { QueryNotice } from "@/components/admin/status-message";
import { ReminderRecipients } from "@/components/reports/reminder-recipients";
import { ReminderConfirmForm } from "@/components/reports/reminder-confirm-form";
import { sendRemindersAction } from "@/app/admin/assignments/actions";
import { previewReminders } from "@/lib/assignments";
import { requireAdmin } from "@/lib/auth/current-user";
import { ConflictError, NotFoundError } from "@/lib/db-errors";
import { dashboardHref, reminderHref } from "@/lib/reports/links";
import { idParamSchema, parseQueryParams } from "@/lib/schemas/admin";
import { reminderQueryShape } from "@/lib/schemas/reports";

export const metadata: Metadata = { title: "确认发送学习提醒" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ReminderConfirmPage({ params, searchParams }: Props) {
  const { id: rawId } = await params;
  const actor = await requireAdmin(`/admin/assignments/${encodeURIComponent(rawId)}/remind`);
  const id = idParamSchema.safeParse(rawId);
  if (!id.success) notFound();
  const { data, invalid } = parseQueryParams(reminderQueryShape, await searchParams);
  // An assignment or unit outside the administrator's scope looks the same as a missing one: 404.
  const preview = await previewReminders(actor, id.data, { unitId: data.unit, page: data.page }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    // The material was archived: its assignment is closed.
    if (error instanceof ConflictError) return error;
    throw error;
  });
  if (preview instanceof ConflictError) {
    return (
      <>
        <h1 className="mb-2 text-2xl font-bold">确认发送学习提醒</h1>
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
          {preview.message}
        </p>
        <p className="mt-4">
          <a href="/admin/assignments" className="text-red-800 underline">
            返回学习任务
          </a>
        </p>
      </>
    );
  }
  const { assignment } = preview;
  const backHref = dashboardHref(data.unit ?? assignment.unitId, assignment.materialSlug);
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">确认发送学习提醒</h1>
      <p className="mb-4 text-stone-700">
        《{assignment.materialTitle}》，{assignment.unitName}布置，{assignment.startDate} 至 {assignment.dueDate}。
      </p>
      <QueryNotice message={invalid.length ? "地址中的部分参数无效，已忽略。" : undefined} />
      <section aria-labelledby="recipients" className="mb-6">
        <h2 id="recipients" className="mb-2 text-lg font-bold">
          {preview.toSend > 0 ? `将提醒 ${preview.toSend} 名尚未完成的学员` : "现在没有需要提醒的学员"}
        </h2>
        <p className="mb-3 text-stone-700">
          范围：{preview.scopeName}及其下级单位的在册学员（不含已完成的）。
          {preview.alreadyReminded > 0 ? `另有 ${preview.alreadyReminded} 名未完成的学员今天已提醒过，不会重复发送。` : null}
          发送时会按当时的情况重新核对名单；学员会在首页看到提醒。
        </p>
        {preview.recipients.length ? <ReminderRecipients recipients={preview.recipients} page={preview.page} pageCount={preview.pageCount} /> : null}
        {preview.pageCount > 1 ? (
          <Pagination page={preview.page} pageCount={preview.pageCount} total={preview.toSend} unit="人" hrefFor={(page) => reminderHref(assignment.id, { unit: data.unit, page })} />
        ) : null}
      </section>
      <ReminderConfirmForm action={sendRemindersAction.bind(null, assignment.id)} confirmed={preview.toSend} unitId={data.unit ?? null} backHref={backHref} />
    </>
  );
}
