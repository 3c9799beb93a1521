import Link from "next/link";
import type { Section } from "@/lib/content";
import { sectionHref } from "@/lib/routes";

type Props = { materialSlug: string; previous?: Section; next?: Section };

/** Links to the neighbouring sections at the end of a section. */
export function PrevNext({ materialSlug, previous, next }: Props) {
  return (
    <nav aria-label="上一节与下一节" className="mt-10 grid gap-3 border-t border-stone-200 pt-6 sm:grid-cols-2 print:hidden">
      {previous ? (
        <Link
          href={sectionHref(materialSlug, previous.slug)}
          rel="prev"
          className="rounded border border-stone-300 bg-white p-3 hover:border-red-800"
        >
          <span className="block text-sm text-stone-600">上一节</span>
          <span className="font-medium text-red-900">{previous.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link
          href={sectionHref(materialSlug, next.slug)}
          rel="next"
          className="rounded border border-stone-300 bg-white p-3 text-right hover:border-red-800"
        >
          <span className="block text-sm text-stone-600">下一节</span>
          <span className="font-medium text-red-900">{next.title}</span>
        </Link>
      ) : (
        <p className="rounded border border-stone-200 bg-white p-3 text-right text-stone-700">本材料已读完</p>
      )}
    </nav>
  );
}
