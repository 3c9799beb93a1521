import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { QuestionForm } from "@/components/admin/materials/question-form";
import { requireAdmin } from "@/lib/auth/current-user";
import { getQuizPageData, toParagraphGroups } from "@/lib/materials/quiz-view";
import { saveQuestionAction } from "../actions";

export const metadata: Metadata = { title: "新增自测题" };

type Props = { params: Promise<{ slug: string }> };

export default async function NewQuestionPage({ params }: Props) {
  const { slug } = await params;
  const user = await requireAdmin(`/admin/materials/${slug}/quiz/new`);
  const view = await getQuizPageData(user, slug);
  if (view.archived) redirect(`/admin/materials/${slug}/quiz`);
  return (
    <>
      <Breadcrumbs
        items={[{ label: "学习材料管理", href: "/admin/materials" }, { label: view.title, href: `/admin/materials/${slug}` }, { label: "自测题", href: `/admin/materials/${slug}/quiz` }, { label: "新增题目" }]}
      />
      <h1 className="mb-4 text-2xl font-bold break-words">新增题目</h1>
      <QuestionForm action={saveQuestionAction.bind(null, slug, null)} groups={toParagraphGroups(view.sections)} initial={{ type: "single" }} submitLabel="添加题目" />
    </>
  );
}
