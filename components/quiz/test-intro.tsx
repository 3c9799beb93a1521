import Link from "next/link";
import { formatChinaDateTime } from "@/lib/china-time";
import type { AttemptAllowance, AttemptSummary, Eligibility } from "@/lib/quiz/attempts";
import { materialHref, testHref } from "@/lib/routes";

type NoticeProps = { material: string; eligibility: Eligibility; questions: number; passPercent: number };

/** 已测试 / 剩余 as one sentence; without a limit, only that tests may be repeated. */
function describeAllowance({ used, limit }: AttemptAllowance): string {
  if (limit === null) return used > 0 ? `不限测试次数，您已测试 ${used} 次。` : "不限测试次数，可以多次测试。";
  return `本次学习任务最多可以测试 ${limit} 次：您已测试 ${used} 次，还可以测试 ${Math.max(0, limit - used)} 次（开始测试即计一次）。`;
}

/** Before a test: its rules, or why the reader cannot take it yet. */
export function EligibilityNotice({ material, eligibility, questions, passPercent }: NoticeProps) {
  if (!eligibility.ok) {
    return (
      <div role="status" className="mb-5 rounded-lg border border-amber-700 bg-amber-50 p-4 leading-relaxed">
        <p>{eligibility.message}</p>
        {eligibility.code === "limit_reached" && <p className="mt-1">{describeAllowance(eligibility.attempts)}</p>}
        {eligibility.code === "not_read" && (
          <Link href={materialHref(material)} className="mt-2 inline-block font-medium text-red-800 underline underline-offset-2">
            返回材料目录继续学习
          </Link>
        )}
      </div>
    );
  }
  return (
    <ul className="mb-5 list-disc space-y-1 pl-5 leading-relaxed text-stone-800">
      <li>
        每次从题库中随机抽取 {questions} 题，题目和选项的顺序每次不同；答对 {passPercent}% 及以上为通过。
      </li>
      <li>开始后请在 2 小时内交卷；交卷后立即显示得分，答错的题目附有解析和原文位置。</li>
      <li>{describeAllowance(eligibility.attempts)}</li>
    </ul>
  );
}

/** The reader's earlier graded tests of this material, newest first. */
export function AttemptHistory({ material, attempts }: { material: string; attempts: AttemptSummary[] }) {
  if (attempts.length === 0) return null;
  return (
    <section aria-labelledby="history-heading" className="mt-8">
      <h2 id="history-heading" className="mb-3 text-lg font-bold">
        以往测试
      </h2>
      <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
        {attempts.map((attempt) => (
          <li key={attempt.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3">
            <span>
              {formatChinaDateTime(attempt.submittedAt)} · 答对 {attempt.correct} / {attempt.total} 题 ·{" "}
              <span className={attempt.passed ? "font-medium text-green-800" : "text-amber-900"}>{attempt.passed ? "通过" : "未通过"}</span>
            </span>
            <Link href={testHref(material, attempt.id)} className="text-sm text-red-800 underline underline-offset-2">
              查看结果
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
