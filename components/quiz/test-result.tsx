import Link from "next/link";
import type { Grade } from "@/lib/quiz/grading";
import { getQuestionHref } from "@/lib/quiz";
import { OPTION_LETTERS, QUESTION_TYPE_LABELS } from "@/lib/quiz/labels";

type Props = { material: string; grade: Grade; passPercent: number };

function describeChoice(question: Grade["questions"][number], ids: string[]): string {
  return question.options
    .map((option, index) => (ids.includes(option.id) ? (question.type === "true-false" ? option.text : `${OPTION_LETTERS[index]}. ${option.text}`) : null))
    .filter((text) => text !== null)
    .join("；");
}

/** A graded test: the score, pass or not, and each wrong answer with its explanation and paragraph. */
export function TestResult({ material, grade, passPercent }: Props) {
  const percent = Math.round((grade.correct / Math.max(1, grade.total)) * 100);
  const wrong = grade.questions.map((q, index) => ({ q, number: index + 1 })).filter(({ q }) => !q.correct);
  return (
    <section aria-labelledby="result-heading" className="space-y-5">
      <div className={`rounded-lg border p-5 ${grade.passed ? "border-green-700 bg-green-50" : "border-amber-700 bg-amber-50"}`}>
        <h2 id="result-heading" className="text-xl font-bold">
          {grade.passed ? "测试通过" : "未通过"}
        </h2>
        <p className="mt-2 text-lg">
          答对 <strong>{grade.correct}</strong> / {grade.total} 题，得分 <strong>{percent}</strong> 分
        </p>
        <p className="mt-1 text-sm text-stone-700">答对 {passPercent}% 及以上为通过。{grade.passed ? "" : "请回看下面各题所依据的原文，再测一次。"}</p>
      </div>
      {wrong.length > 0 && (
        <div>
          <h2 className="mb-3 text-lg font-bold">答错的题目</h2>
          <ol className="space-y-4">
            {wrong.map(({ q, number }) => (
              <li key={q.id} className="rounded-lg border border-stone-300 bg-white p-4 sm:p-5">
                <p className="text-sm font-medium text-stone-600">
                  第 {number} 题 · {QUESTION_TYPE_LABELS[q.type]}
                </p>
                <p className="mt-1 text-lg font-medium leading-relaxed">{q.prompt}</p>
                <p className="mt-2 text-stone-800">
                  <span className="font-medium">您的答案：</span>
                  {describeChoice(q, q.chosen) || "未作答"}
                </p>
                <p className="mt-2 leading-relaxed text-stone-800">
                  <span className="font-medium">解析：</span>
                  {q.explanation}
                </p>
                <Link href={getQuestionHref(material, q)} className="mt-3 inline-block font-medium text-red-800 underline underline-offset-2">
                  回看原文<span className="sr-only">（第 {number} 题）</span>
                </Link>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
