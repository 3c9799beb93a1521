import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { ConfirmActionForm } from "@/components/admin/confirm-action-form";
import { ConfirmQuestionForm } from "@/components/admin/materials/confirm-question-form";
import { QuestionForm } from "@/components/admin/materials/question-form";
import { requireAdmin } from "@/lib/auth/current-user";
import { getQuizPageData, toParagraphGroups, toQuestionFormValues } from "@/lib/materials/quiz-view";
import { confirmQuestionAction, deleteQuestionAction, saveQuestionAction } from "../actions";

export const metadata: Metadata = { title: "编辑自测题" };

type Props = { params: Promise<{ slug: string; question: string }> };

export default async function EditQuestionPage({ params }: Props) {
  const { slug, question: id } = await params;
  const user = await requireAdmin(`/admin/materials/${slug}/quiz/${id}`);
  const view = await getQuizPageData(user, slug);
  const question = view.questions.find((q) => q.id === id);
  if (!question) notFound();
  const groups = toParagraphGroups(view.sections);
  const sectionParagraph = view.sections.find((s) => s.slug === question.sectionSlug)?.paragraphs[0];
  return (
    <>
      <Breadcrumbs
        items={[{ label: "学习材料管理", href: "/admin/materials" }, { label: view.title, href: `/admin/materials/${slug}` }, { label: "自测题", href: `/admin/materials/${slug}/quiz` }, { label: "编辑题目" }]}
      />
      <h1 className="mb-4 text-2xl font-bold break-words">编辑题目</h1>
      {question.needsReview ? (
        <section aria-labelledby="review-title" className="mb-6 max-w-3xl rounded border border-amber-300 bg-amber-50 p-4">
          <h2 id="review-title" className="mb-2 text-xl font-bold text-amber-950">需复核</h2>
          <p className="mb-2 text-stone-800">这道题的引文在当前版本中已找不到，暂不出现在测试中：</p>
          <blockquote className="mb-3 border-l-4 border-amber-400 pl-3 break-words text-stone-800">{question.quote}</blockquote>
          <p className="mb-3 text-stone-800">如果题目需要修改，请在下方编辑表单中改好并重新选择段落；如果题目仍然成立，请选择它现在依据的段落，点“确认无误”。</p>
          {view.archived ? null : <ConfirmQuestionForm action={confirmQuestionAction.bind(null, slug, id)} groups={groups} defaultParagraph={sectionParagraph ? `${question.sectionSlug}#${sectionParagraph.id}` : undefined} />}
        </section>
      ) : null}
      {view.archived ? (
        <p className="rounded bg-stone-100 p-3 text-stone-800">这份学习材料已归档，自测题不能再修改。</p>
      ) : (
        <>
          {question.needsReview ? <h2 className="mb-3 text-xl font-bold">修改题目</h2> : null}
          <QuestionForm action={saveQuestionAction.bind(null, slug, id)} groups={groups} initial={toQuestionFormValues(question.input, question.currentParagraphId)} submitLabel="保存题目" />
          <section aria-labelledby="delete-title" className="mt-8 max-w-xl rounded border border-stone-200 bg-white p-4">
            <h2 id="delete-title" className="mb-2 text-xl font-bold">删除题目</h2>
            <p className="mb-3 text-stone-700">删除后这道题不再出现在测试中；已交卷的测试结果不受影响。</p>
            <ConfirmActionForm action={deleteQuestionAction.bind(null, slug, id)} confirmLabel="我确认要删除这道题" submitLabel="删除" pendingLabel="正在删除…" />
          </section>
        </>
      )}
    </>
  );
}
