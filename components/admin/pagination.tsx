import Link from "next/link";

type Props = { page: number; pageCount: number; total: number; hrefFor: (page: number) => string; unit?: string };

const linkClass = "rounded border border-stone-300 bg-white px-3 py-1.5 text-red-900 hover:bg-stone-100";

/** Previous/next links and where we are; plain links, so paging works without JavaScript. */
export function Pagination({ page, pageCount, total, hrefFor, unit = "条" }: Props) {
  return (
    <nav aria-label="分页" className="mt-4 flex flex-wrap items-center gap-3">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} className={linkClass} rel="prev">
          上一页
        </Link>
      ) : null}
      <p className="text-stone-700">
        第 {page} / {pageCount} 页，共 {total} {unit}
      </p>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} className={linkClass} rel="next">
          下一页
        </Link>
      ) : null}
    </nav>
  );
}
