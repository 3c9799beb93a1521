import Link from "next/link";
import type { SelectOption } from "../forms/field";

type Props = { unitOptions: SelectOption[]; unit?: number; q?: string };

/** Filter by unit (with its subtree) and search by name or account; a plain GET form. */
export function UserFilters({ unitOptions, unit, q }: Props) {
  return (
    <form role="search" aria-label="筛选账号" method="get" action="/admin/users" className="mb-4 flex flex-wrap items-end gap-3 rounded border border-stone-200 bg-white p-3">
      <div className="w-full space-y-1 sm:w-auto">
        <label htmlFor="filter-unit" className="block text-sm font-medium text-stone-800">
          单位（含下级）
        </label>
        <select id="filter-unit" name="unit" defaultValue={unit ? String(unit) : ""} className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base sm:w-72">
          <option value="">全部单位</option>
          {unitOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="w-full space-y-1 sm:w-auto">
        <label htmlFor="filter-q" className="block text-sm font-medium text-stone-800">
          姓名或账号
        </label>
        <input id="filter-q" name="q" type="search" defaultValue={q ?? ""} maxLength={50} className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base sm:w-56" />
      </div>
      <button type="submit" className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
        筛选
      </button>
      {unit || q ? (
        <Link href="/admin/users" className="py-2 text-red-800 underline-offset-4 hover:underline">
          清除筛选
        </Link>
      ) : null}
    </form>
  );
}
