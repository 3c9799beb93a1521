import Link from "next/link";

export type Crumb = { label: string; href?: string };

/** The trail from the home page to the current page; the last crumb is the page itself. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="当前位置" className="mb-4 text-sm text-stone-600 print:hidden">
      <ol className="flex flex-wrap items-baseline gap-1">
        {items.map((item, index) => (
          <li key={`${index}-${item.label}`} className="flex items-baseline gap-1">
            {index > 0 && <span aria-hidden="true">›</span>}
            {item.href ? (
              <Link href={item.href} className="text-red-800 underline-offset-2 hover:underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
