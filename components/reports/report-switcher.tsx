type Props = { action: string; unitId: number; material: string; materials: Array<{ slug: string; title: string }>; extra?: Record<string, string> };

/** Picks the material of a report: a plain GET form, so it works without JavaScript. */
export function MaterialSwitcher({ action, unitId, material, materials, extra = {} }: Props) {
  if (materials.length < 2) return null;
  return (
    <form method="get" action={action} className="mb-4 flex flex-wrap items-end gap-3 print:hidden">
      <input type="hidden" name="unit" value={unitId} />
      {Object.entries(extra).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {/* A long title must not widen a phone's page: the list takes the width there is. */}
      <label className="block min-w-0 max-w-full flex-1 sm:max-w-xl">
        <span className="block font-medium text-stone-800">学习材料</span>
        <select name="material" defaultValue={material} className="w-full max-w-full rounded border border-stone-400 bg-white px-3 py-2">
          {materials.map((m) => (
            <option key={m.slug} value={m.slug}>
              {m.title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded border border-stone-400 bg-white px-4 py-2 hover:bg-stone-100">
        切换
      </button>
    </form>
  );
}
