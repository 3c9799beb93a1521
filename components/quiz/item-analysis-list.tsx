import Link from "next/link";
import type { QuestionStats } from "@/lib/quiz/item-stats";
import { QUESTION_TYPE_LABELS } from "@/lib/quiz/labels";

/** Below this share answered correctly, a question is marked for the unit's 集中学习 session. */
const REVIEW_BELOW_PERCENT = 60;

type Props = { questions: QuestionStats[]; hrefFor: (question: QuestionStats) => string };

/** Per question of a bank: attempts, share correct and the wrong option chosen most. No person appears. */
export function ItemAnalysisList({ questions, hrefFor }: Props) {
  return (
    <ol className="space-y-4">
      {questions.map((q, index) => {
        const weak = q.percentCorrect !== null && q.percentCorrect < REVIEW_BELOW_PERCENT;
        return (
          <li key={q.id} className={`rounded-lg border bg-white p-4 ${weak ? "border-amber-700" : "border-stone-200"}`}>
            <article aria-labelledby={`q-${q.id}`}>
              <h3 id={`q-${q.id}`} className="font-medium leading-relaxed">
                <span className="mr-2 text-stone-600">
                  第 {index + 1} 题 · {QUESTION_TYPE_LABELS[q.type]}
                </span>
                {q.prompt}
              </h3>
              <ul className="mt-2 flex flex-wrap gap-2 text-sm">
                {q.needsReview && <li className="rounded bg-amber-100 px-2 py-0.5 text-amber-900">需复核：原文已改动，暂不出题</li>}
                {weak && <li className="rounded bg-red-50 px-2 py-0.5 text-red-900">答对率低于 {REVIEW_BELOW_PERCENT}%，建议集中学习时讲解</li>}
              </ul>
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 sm:gap-x-6">
                <dt className="text-stone-600">作答次数</dt>
                <dd>{q.attempts} 次</dd>
                <dt className="text-stone-600">答对率</dt>
                <dd>{q.percentCorrect === null ? "尚无作答" : `${q.percentCorrect}%（答对 ${q.correct} 次）`}</dd>
                <dt className="text-stone-600">最常选的错误选项</dt>
                <dd>
                  {q.topWrong ? (
                    <>
                      <span className="font-medium">{q.topWrong.text}</span>（{q.topWrong.count} 次）
                    </>
                  ) : (
                    "无"
                  )}
                </dd>
              </dl>
              <Link href={hrefFor(q)} className="mt-3 inline-block text-red-800 underline underline-offset-2">
                回看原文<span className="sr-only">（第 {index + 1} 题）</span>
              </Link>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
