import Link from "next/link";

export type Crumb = { label: string; href?: string };

type Props = {
  items: Crumb[];
  /**
   * The page's h1 repeats the last crumb: below lg it is left out and the trail kept to one line (the
   * crumbs after the first are cut short with an ellipsis), so that a reader's text starts higher on
   * a phone (the section page).
   */
  compact?: boolean;
  className?: string;
};

/** The trail from the home page to the current page; the last crumb is the page itself. */
export function Breadcrumbs({ items, compact = false, className = "mb-4" }: Props) {
  return (
    <nav aria-label="当前位置" className={`${className} min-w-0 text-sm text-stone-600 print:hidden`}>
      <ol className={`flex items-baseline gap-1 ${compact ? "max-lg:flex-nowrap lg:flex-wrap" : "flex-wrap"}`}>
        {items.map((item, index) => (
          <li
            key={`${index}-${item.label}`}
            className={`flex items-baseline gap-1 ${compact ? (index === 0 ? "shrink-0" : "max-lg:min-w-0") : ""} ${compact && !item.href ? "max-lg:hidden" : ""}`}
          >
            {index > 0 && <span aria-hidden="true">›</span>}
            {item.href ? (
              <Link href={item.href} className={`text-red-800 underline-offset-2 hover:underline ${compact ? "max-lg:truncate" : ""}`}>
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
