import { formatChinaTime } from "@/lib/china-time";
import type { ReviewView } from "@/lib/notes/reflections";

// Administrators' text is shown as React text nodes with line breaks kept: never as markup.
const TEXT = "whitespace-pre-wrap break-words";

type Props = {
  review: ReviewView;
  /** Whose page: the reader is asked to revise; an administrator reads what was asked. */
  viewer: "reader" | "admin";
  /** Heading level of the comments list, to fit the page's outline. */
  level?: 3 | 4 | 5;
};

/**
 * The return reason (退回修改) and the administrators' 点评 on a submitted 心得, the same on the
 * reader's pages (editor, 我的笔记) and on the administrator's review page.
 */
export function ReflectionReview({ review, viewer, level = 3 }: Props) {
  const Heading = `h${level}` as const;
  const { returned, comments, state } = review;
  return (
    <>
      {returned && state === "RETURNED" && (
        <div className="mt-3 rounded border-l-4 border-amber-600 bg-amber-50 p-3 text-amber-950" data-testid="return-notice">
          <p className="font-bold">{viewer === "reader" ? "已退回修改：请按意见修改后重新提交" : "已退回修改，等待学员修改后重新提交"}</p>
          <p className="mt-1 text-sm">
            {returned.by} 于 {formatChinaTime(returned.at)} 退回，理由：
          </p>
          <p className={`mt-1 ${TEXT}`}>{returned.reason}</p>
        </div>
      )}
      {returned && state === "RESUBMITTED" && (
        <div className="mt-3 rounded border border-stone-200 bg-white p-3 text-sm text-stone-700" data-testid="return-notice">
          <p>
            {viewer === "reader" ? "已按退回意见重新提交。" : "学员已按退回意见重新提交。"}
            {returned.by} 于 {formatChinaTime(returned.at)} 退回时的理由：
          </p>
          <p className={`mt-1 ${TEXT}`}>{returned.reason}</p>
        </div>
      )}
      {comments.length > 0 && (
        <div className="mt-3">
          <Heading className="font-bold">管理员点评（{comments.length}）</Heading>
          <ul className="mt-2 grid gap-2">
            {comments.map((comment) => (
              <li key={comment.id} className="rounded border border-stone-200 bg-white p-3" data-testid="review-comment">
                <p className="text-sm text-stone-600">
                  {comment.author} · {formatChinaTime(comment.createdAt)}
                </p>
                <p className={`mt-1 text-stone-900 ${TEXT}`}>{comment.body}</p>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
