import Link from "next/link";
import { QUESTION_TYPE_LABELS } from "@/lib/quiz/authoring";
import { TableScroll, tdClass, thClass } from "../table-scroll";

type Question = { id: string; type: keyof typeof QUESTION_TYPE_LABELS; prompt: string; sectionTitle: string | null; sectionSlug: string; quote: string; needsReview: boolean };

/** The questions of a published material with their type, section and status (正常 / 需复核 with the old quote). */
export function QuizQuestionsTable({ slug, questions, editable }: { slug: string; questions: Question[]; editable: boolean }) {
  return (
    <>
      {/* On a phone, one card per question; the table is for wider screens. */}
      <ol aria-label="自测题列表" className="space-y-3 sm:hidden">
        {questions.map((q, index) => (
          <li key={q.id} className="rounded border border-stone-200 bg-white p-3">
            <p className="text-sm text-stone-600">
              第 {index + 1} 题 · {QUESTION_TYPE_LABELS[q.type]} · {q.sectionTitle ?? `${q.sectionSlug}（本节已删除）`}
            </p>
            <p className="my-1 break-words">{q.prompt}</p>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <Status question={q} />
              {editable ? <EditLink slug={slug} question={q} index={index} /> : null}
            </div>
          </li>
        ))}
      </ol>
      <div className="hidden sm:block">
        <Table slug={slug} questions={questions} editable={editable} />
      </div>
    </>
  );
}

function Status({ question }: { question: Question }) {
  return question.needsReview ? (
    <span>
      <span className="font-medium text-amber-900">需复核</span>
      <span className="block text-sm break-words text-stone-700">原引文“{question.quote}”在当前版本中已找不到</span>
    </span>
  ) : (
    <span className="text-green-900">正常</span>
  );
}

function EditLink({ slug, question, index }: { slug: string; question: Question; index: number }) {
  return (
    <Link href={`/admin/materials/${slug}/quiz/${question.id}`} className="whitespace-nowrap text-red-800 underline">
      {question.needsReview ? "复核" : "编辑"}
      <span className="sr-only">第 {index + 1} 题</span>
    </Link>
  );
}

function Table({ slug, questions, editable }: { slug: string; questions: Question[]; editable: boolean }) {
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
                <Status question={q} />
              </td>
              {editable ? (
                <td className={`${tdClass} whitespace-nowrap`}>
                  <EditLink slug={slug} question={q} index={index} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
