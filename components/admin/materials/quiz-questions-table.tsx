import Link from "next/link";
import { QUESTION_TYPE_LABELS } from "@/lib/quiz/authoring";
import { TableScroll, tdClass, thClass } from "../table-scroll";

type Question = { id: string; type: keyof typeof QUESTION_TYPE_LABELS; prompt: string; sectionTitle: string | null; sectionSlug: string; quote: string; needsReview: boolean };

/** The questions of a published material with their type, section and status (正常 / 需复核 with the old quote). */
export function QuizQuestionsTable({ slug, questions, editable }: { slug: string; questions: Question[]; editable: boolean }) {
  return (
    <TableScroll label="自测题列表（可横向滚动）">
      <table className="w-full min-w-[40rem] border-collapse text-base">
        <caption className="sr-only">自测题列表</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>序号</th>
            <th scope="col" className={thClass}>题干</th>
            <th scope="col" className={thClass}>题型</th>
            <th scope="col" className={thClass}>章节</th>
            <th scope="col" className={thClass}>状态</th>
            {editable ? <th scope="col" className={thClass}>操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {questions.map((q, index) => (
            <tr key={q.id}>
              <td className={`${tdClass} whitespace-nowrap`}>{index + 1}</td>
              <th scope="row" className={`${tdClass} text-left font-normal break-words`}>{q.prompt}</th>
              <td className={`${tdClass} whitespace-nowrap`}>{QUESTION_TYPE_LABELS[q.type]}</td>
              <td className={tdClass}>{q.sectionTitle ?? `${q.sectionSlug}（本节已删除）`}</td>
              <td className={tdClass}>
                {q.needsReview ? (
                  <>
                    <span className="font-medium text-amber-900">需复核</span>
                    <span className="block text-sm text-stone-700">原引文“{q.quote}”在当前版本中已找不到</span>
                  </>
                ) : (
                  <span className="text-green-900">正常</span>
                )}
              </td>
              {editable ? (
                <td className={`${tdClass} whitespace-nowrap`}>
                  <Link href={`/admin/materials/${slug}/quiz/${q.id}`} className="text-red-800 underline">
                    {q.needsReview ? "复核" : "编辑"}<span className="sr-only">第 {index + 1} 题</span>
                  </Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
