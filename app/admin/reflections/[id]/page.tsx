import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { requireAdmin } from "@/lib/auth/current-user";
import { NotFoundError } from "@/lib/db-errors";
import { formatChinaTime } from "@/lib/china-time";
import { getSubmittedReflectionInScope } from "@/lib/notes/reflections";
import { idParamSchema } from "@/lib/schemas/admin";

export const metadata: Metadata = { title: "学习心得" };

type Props = { params: Promise<{ id: string }> };

export default async function ReflectionPage({ params }: Props) {
  const { id: rawId } = await params;
  const actor = await requireAdmin(`/admin/reflections/${encodeURIComponent(rawId)}`);
  const id = idParamSchema.safeParse(rawId);
  if (!id.success) notFound();
  // Out of scope, never submitted, withdrawn and nonexistent all look the same: 404.
  const reflection = await getSubmittedReflectionInScope(actor, id.data).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const about = reflection.sectionTitle ? `${reflection.materialTitle} · ${reflection.sectionTitle}` : `${reflection.materialTitle}（全文）`;
  return (
    <>
      <Breadcrumbs items={[{ label: "学习心得", href: "/admin/reflections" }, { label: `${reflection.author.name}的心得` }]} />
      <h1 className="mb-2 text-2xl font-bold">{reflection.author.name}的学习心得</h1>
      <dl className="mb-4 grid max-w-3xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-stone-800">
        <dt className="text-stone-600">提交人</dt>
        <dd>
          {reflection.author.name}（{reflection.author.account}），{reflection.author.unitName}
        </dd>
        <dt className="text-stone-600">学习内容</dt>
        <dd>{about}</dd>
        <dt className="text-stone-600">提交时间</dt>
        <dd>{formatChinaTime(reflection.submittedAt)}</dd>
        <dt className="text-stone-600">字数</dt>
        <dd>{reflection.submittedBody.length}</dd>
      </dl>
      {/* Reader text as a React text node: whatever was typed is shown, never run. */}
      <div className="max-w-3xl whitespace-pre-wrap break-words rounded border border-stone-200 bg-white p-4 leading-relaxed" data-testid="reflection-body">
        {reflection.submittedBody}
      </div>
    </>
  );
}
