import { MAX_QUERY_LENGTH } from "@/lib/content/search";

/** A plain GET form: search works without JavaScript. */
export function SearchForm({ defaultValue = "", id = "site-search" }: { defaultValue?: string; id?: string }) {
  return (
    <form role="search" action="/search" method="get" className="flex w-full gap-2 sm:w-auto">
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
