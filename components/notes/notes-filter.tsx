import type { Material } from "@/lib/content";

type Props = { materials: Array<Pick<Material, "slug" | "title"> & { sections: Array<{ slug: string; title: string }> }>; scope?: string; q?: string };

/** A plain GET form: filter 我的笔记 by material or section and search it, without JavaScript. */
export function NotesFilter({ materials, scope, q }: Props) {
  return (
    <form role="search" aria-label="搜索我的笔记" method="get" action="/me/notes" className="flex flex-wrap items-end gap-3 rounded border border-stone-200 bg-white p-3">
      <div>
        <label htmlFor="notes-in" className="mb-1 block text-sm font-medium">
          范围
        </label>
        <select id="notes-in" name="in" defaultValue={scope ?? ""} className="max-w-[80vw] rounded border border-stone-400 bg-white px-2 py-1.5">
          <option value="">全部材料和章节</option>
          {materials.map((m) => (
            <optgroup key={m.slug} label={m.title}>
              <option value={m.slug}>整份材料</option>
              {m.sections.map((s) => (
                <option key={s.slug} value={`${m.slug}/${s.slug}`}>
                  {s.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="min-w-0 flex-1">
        <label htmlFor="notes-q" className="mb-1 block text-sm font-medium">
          搜索笔记和心得
        </label>
        <input id="notes-q" name="q" type="search" maxLength={50} defaultValue={q} placeholder="如：精准扶贫" className="w-full rounded border border-stone-400 px-2 py-1.5" />
      </div>
      <button type="submit" className="rounded bg-red-800 px-4 py-1.5 font-medium text-white hover:bg-red-900">
        筛选
      </button>
    </form>
  );
}
