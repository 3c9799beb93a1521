import { MAX_QUERY_LENGTH } from "@/lib/content/search";

type Props = { defaultValue?: string; id?: string; label?: string };

/** A plain GET form: search works without JavaScript. Each search landmark on a page has its own name. */
export function SearchForm({ defaultValue = "", id = "site-search", label = "全站搜索" }: Props) {
  return (
    <form role="search" aria-label={label} action="/search" method="get" className="flex w-full gap-2 sm:w-auto">
      <label htmlFor={id} className="sr-only">
        搜索学习材料
      </label>
      <input
        id={id}
        name="q"
        type="search"
        defaultValue={defaultValue}
        maxLength={MAX_QUERY_LENGTH}
        placeholder="搜索原文，如：精准施策"
        className="min-w-0 flex-1 rounded border border-stone-400 bg-white px-3 py-1.5 text-base text-stone-900 placeholder:text-stone-500 sm:w-64"
      />
      <button
        type="submit"
        className="rounded bg-amber-100 px-3 py-1.5 text-base font-medium text-red-900 hover:bg-white"
      >
        搜索
      </button>
    </form>
  );
}
