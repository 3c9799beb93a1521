import type { Metadata } from "next";
import { NotebookMaterialView } from "@/components/notes/notebook-view";
import { NotesFilter } from "@/components/notes/notes-filter";
import { requireUser } from "@/lib/auth/current-user";
import { isInAudience, listMaterials } from "@/lib/content";
import { filterNotebook } from "@/lib/notes/filter";
import { countNotebook, getMyNotebook } from "@/lib/notes/notebook";
import { myNotesQuerySchema } from "@/lib/schemas/notes";

export const metadata: Metadata = { title: "我的笔记" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MyNotesPage({ searchParams }: Props) {
  const user = await requireUser("/me/notes");
  const query = myNotesQuerySchema.parse(await searchParams);
  const notebook = filterNotebook(await getMyNotebook(user), { ...query.in, q: query.q });
  const counts = countNotebook(notebook);
  const materials = listMaterials().filter((m) => isInAudience(user, m)).map((m) => ({ slug: m.slug, title: m.title, sections: m.sections.map((s) => ({ slug: s.slug, title: s.title })) }));
  const scope = query.in ? [query.in.material, query.in.section].filter(Boolean).join("/") : undefined;
  const exportQuery = query.in ? `&material=${encodeURIComponent(query.in.material)}` : "";
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">我的笔记</h1>
      <p className="mb-4 max-w-3xl text-stone-700">笔记和心得仅自己可见，管理员也看不到；只有您主动提交的心得，本单位管理员才能查看。</p>
      <NotesFilter materials={materials} scope={scope} q={query.q} />
      <div className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2">
        <p role="status" className="font-medium">
          {query.q ? `包含“${query.q}”的：` : ""}笔记 {counts.notes} 条 · 划线 {counts.highlights} 处 · 心得 {counts.reflections} 篇
        </p>
        <a href={`/api/notes/export?format=docx${exportQuery}`} className="text-red-800 underline">
          导出 Word（DOCX）
        </a>
        <a href={`/api/notes/export?format=markdown${exportQuery}`} className="text-red-800 underline">
          导出 Markdown
        </a>
      </div>
      {notebook.materials.length === 0 ? (
        <p className="mt-6 rounded border border-stone-200 bg-white p-4 text-stone-700">
          {query.q || query.in ? "没有符合条件的笔记或心得。" : "还没有笔记。在学习材料正文中选中文字，即可划线或写笔记。"}
        </p>
      ) : (
        notebook.materials.map((material) => <NotebookMaterialView key={material.slug} material={material} />)
      )}
    </>
  );
}
