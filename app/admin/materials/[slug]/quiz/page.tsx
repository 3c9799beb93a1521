import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { QuizQuestionsTable } from "@/components/admin/materials/quiz-questions-table";
import { QuizSettingsForm } from "@/components/admin/materials/quiz-settings-form";
import { StatusMessage } from "@/components/admin/status-message";
import { requireAdmin } from "@/lib/auth/current-user";
import { getQuizPageData } from "@/lib/materials/quiz-view";
import { saveQuizSettingsAction } from "./actions";

export const metadata: Metadata = { title: "自测题" };

const DONE = new Map([
  ["settings", "自测设置已保存"],
  ["created", "题目已添加"],
  ["updated", "题目已保存"],
  ["confirmed", "已确认无误，题目恢复正常"],
  ["deleted", "题目已删除"],
]);

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MaterialQuizPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const user = await requireAdmin(`/admin/materials/${slug}/quiz`);
  const view = await getQuizPageData(user, slug);
  const done = (await searchParams).done;
  const review = view.questions.filter((q) => q.needsReview).length;
  const { passPercent, questionsPerTest, hours } = view.settings;
  return (
    <>
      <Breadcrumbs items={[{ label: "学习材料管理", href: "/admin/materials" }, { label: view.title, href: `/admin/materials/${slug}` }, { label: "自测题" }]} />
      <h1 className="mb-4 text-2xl font-bold break-words">自测题：{view.title}</h1>
      <StatusMessage message={typeof done === "string" ? DONE.get(done) : undefined} />
      {view.archived ? <p className="mb-4 rounded bg-stone-100 p-3 text-stone-800">这份学习材料已归档，自测题不能再修改。</p> : null}
      <section aria-labelledby="settings-title" className="mb-8 rounded border border-stone-200 bg-white p-4">
        <h2 id="settings-title" className="mb-3 text-xl font-bold">测试设置</h2>
        {view.archived ? (
          <p>及格线 {passPercent}%，每次抽 {questionsPerTest} 题，{hours} 学时</p>
        ) : (
          <QuizSettingsForm action={saveQuizSettingsAction.bind(null, slug)} initial={{ passPercent: String(passPercent), questionsPerTest: String(questionsPerTest), hours: String(hours) }} />
        )}
      </section>
      <section aria-labelledby="questions-title">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="questions-title" className="text-xl font-bold">题目（{view.questions.length} 道{review ? `，${review} 道需复核` : ""}）</h2>
          {view.archived ? null : (
            <Link href={`/admin/materials/${slug}/quiz/new`} className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
              新增题目
            </Link>
          )}
        </div>
        {review ? <p className="mb-3 text-stone-700">需复核的题目所依据的段落在修订中被改写，暂不出现在测试中；请修改题目，或确认无误并重新选择段落。</p> : null}
        {view.questions.length ? (
          <QuizQuestionsTable slug={slug} questions={view.questions} editable={!view.archived} />
        ) : (
          <p className="rounded border border-stone-200 bg-white p-4 text-stone-700">还没有题目。添加题目后，读完全部章节的读者即可参加自测。</p>
        )}
      </section>
    </>
  );
}
