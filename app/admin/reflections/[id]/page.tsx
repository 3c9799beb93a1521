import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { ReviewTextForm } from "@/components/admin/reflection-review-forms";
import { StatusMessage } from "@/components/admin/status-message";
import { ReflectionReview } from "@/components/notes/reflection-review";
import { requireAdmin } from "@/lib/auth/current-user";
import { NotFoundError } from "@/lib/db-errors";
import { formatChinaTime } from "@/lib/china-time";
import { getSubmittedReflectionInScope } from "@/lib/notes/reflections";
import { NOTE_RULES, REVIEW_STATE_LABELS } from "@/lib/notes/rules";
import { idParamSchema } from "@/lib/schemas/admin";
import { commentReflectionAction, returnReflectionAction } from "./actions";

export const metadata: Metadata = { title: "学习心得" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const DONE: Record<string, string> = { commented: "点评已发表，学员可以看到。", returned: "已退回修改，学员会看到退回理由。" };

export default async function ReflectionPage({ params, searchParams }: Props) {
  const { id: rawId } = await params;
  const actor = await requireAdmin(`/admin/reflections/${encodeURIComponent(rawId)}`);
  const id = idParamSchema.safeParse(rawId);
  if (!id.success) notFound();
  // Out of scope, never submitted, withdrawn and nonexistent all look the same: 404.
  const reflection = await getSubmittedReflectionInScope(actor, id.data).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const done = (await searchParams).done;
  const about = reflection.sectionTitle ? `${reflection.materialTitle} · ${reflection.sectionTitle}` : `${reflection.materialTitle}（全文）`;
  const seen = reflection.submittedAt.toISOString();
  const state = reflection.review.state;
  return (
    <>
      <Breadcrumbs items={[{ label: "学习心得", href: "/admin/reflections" }, { label: `${reflection.author.name}的心得` }]} />
      <h1 className="mb-2 text-2xl font-bold">{reflection.author.name}的学习心得</h1>
      <StatusMessage message={typeof done === "string" ? DONE[done] : undefined} />
      <dl className="mb-4 grid max-w-3xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-stone-800">
        <dt className="text-stone-600">提交人</dt>
        <dd>
          {reflection.author.name}（{reflection.author.account}），{reflection.author.unitName}
        </dd>
        <dt className="text-stone-600">学习内容</dt>
        <dd>{about}</dd>
        <dt className="text-stone-600">提交时间</dt>
        <dd>{formatChinaTime(reflection.submittedAt)}</dd>
        <dt className="text-stone-600">状态</dt>
        <dd data-testid="review-state">{state ? REVIEW_STATE_LABELS[state] : "已提交"}</dd>
        <dt className="text-stone-600">字数</dt>
        <dd>{reflection.submittedBody.length}</dd>
      </dl>
      {/* Reader text as a React text node: whatever was typed is shown, never run. */}
      <div className="max-w-3xl whitespace-pre-wrap break-words rounded border border-stone-200 bg-white p-4 leading-relaxed" data-testid="reflection-body">
        {reflection.submittedBody}
      </div>
      <section aria-labelledby="review-heading" className="mt-6 max-w-3xl">
        <h2 id="review-heading" className="text-lg font-bold">
          点评与退回
        </h2>
        <ReflectionReview review={reflection.review} viewer="admin" />
        {reflection.canReview ? (
          <div className="mt-4 grid gap-6">
            <ReviewTextForm
              action={commentReflectionAction.bind(null, reflection.id, seen)}
              name="body"
              id="review-comment"
              label="点评"
              hint={`学员会在自己的心得下看到点评和您的姓名，最多 ${NOTE_RULES.maxReviewCommentChars.toLocaleString("zh-CN")} 字。`}
              maxLength={NOTE_RULES.maxReviewCommentChars}
              submitLabel="发表点评"
              pendingLabel="正在发表…"
              requestId={randomUUID()}
            />
            {state !== "RETURNED" && (
              <ReviewTextForm
                action={returnReflectionAction.bind(null, reflection.id, seen)}
                name="reason"
                id="review-return"
                label="退回修改的理由"
                hint={`学员会看到理由，修改后可以重新提交；最多 ${NOTE_RULES.maxReturnReasonChars.toLocaleString("zh-CN")} 字。`}
                maxLength={NOTE_RULES.maxReturnReasonChars}
                submitLabel="退回修改"
                pendingLabel="正在退回…"
                tone="danger"
              />
            )}
          </div>
        ) : (
          <p className="mt-3 text-sm text-stone-600">您可以查看这篇心得，但不能点评或退回：只有对作者账号有管理权限的管理员可以（不能评自己或同级管理员的心得）。</p>
        )}
      </section>
    </>
  );
}
